package org.latentarchive.embed.model;

/**
 * Reads the values out of the JavaScript modules that TF.js models are shipped in by nsfwjs: each file is a browserify
 * bundle whose module does {@code exports = <object literal>} or {@code exports = "<base64>"}. The bundles are never
 * executed; only the literal is lifted out and, for objects, rewritten as JSON.
 */
final class JsModuleText {

    private JsModuleText() {
    }

    /** The object literal assigned to {@code exports}, as JSON text. */
    static String exportedObjectAsJson(String module) {
        int start = module.indexOf(".exports={");
        if (start < 0) {
            throw new IllegalArgumentException("no exported object literal in the module");
        }
        start += ".exports=".length();
        int end = matchingBrace(module, start);
        return literalToJson(module.substring(start, end + 1));
    }

    /** The string literal assigned to {@code exports} (the weight shards hold base64 there). */
    static String exportedString(String module) {
        int start = module.indexOf(".exports=\"");
        if (start < 0) {
            throw new IllegalArgumentException("no exported string literal in the module");
        }
        start += ".exports=\"".length();
        int end = module.indexOf('"', start);
        if (end < 0) {
            throw new IllegalArgumentException("unterminated string literal in the module");
        }
        return module.substring(start, end);
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfString(text, i);
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("unbalanced object literal in the module");
    }

    private static int endOfString(String text, int quote) {
        char q = text.charAt(quote);
        for (int i = quote + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated string literal in the module");
    }

    /**
     * Minified JavaScript object literals differ from JSON in a few ways that the minifier uses: unquoted keys,
     * {@code !0}/{@code !1} for true/false, numbers without a leading zero ({@code .5}, {@code -.5}) and single quotes.
     */
    static String literalToJson(String js) {
        StringBuilder out = new StringBuilder(js.length() + js.length() / 8);
        int i = 0;
        int n = js.length();
        while (i < n) {
            char c = js.charAt(i);
            if (c == '"') {
                int end = endOfString(js, i);
                out.append(js, i, end + 1);
                i = end + 1;
            } else if (c == '\'') {
                int end = endOfString(js, i);
                out.append('"').append(js.substring(i + 1, end).replace("\\'", "'").replace("\"", "\\\"")).append('"');
                i = end + 1;
            } else if (c == '!' && i + 1 < n && (js.charAt(i + 1) == '0' || js.charAt(i + 1) == '1')) {
                out.append(js.charAt(i + 1) == '0' ? "true" : "false");
                i += 2;
            } else if (c == '.' && i + 1 < n && Character.isDigit(js.charAt(i + 1)) && (i == 0 || !Character.isDigit(js.charAt(i - 1)))) {
                out.append("0.");
                i++;
            } else if (Character.isJavaIdentifierStart(c)) {
                int end = i;
                while (end < n && Character.isJavaIdentifierPart(js.charAt(end))) {
                    end++;
                }
                String word = js.substring(i, end);
                boolean isKey = end < n && js.charAt(end) == ':';
                boolean isNumberPart = i > 0 && (Character.isDigit(js.charAt(i - 1)) || js.charAt(i - 1) == '.');
                if (isKey) {
                    out.append('"').append(word).append('"');
                } else if (isNumberPart || word.equals("true") || word.equals("false") || word.equals("null")) {
                    out.append(word);
                } else {
                    throw new IllegalArgumentException("unexpected identifier in a data literal: " + word);
                }
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
