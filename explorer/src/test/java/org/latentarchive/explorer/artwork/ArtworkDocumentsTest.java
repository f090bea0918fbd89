package org.latentarchive.explorer.artwork;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ArtworkDocumentsTest {

    @Test
    void descriptionsKeepTheirTextAndParagraphsButNoMarkupOrCode() {
        String html = "<p>In this <em>allegorical</em> painting &amp; more.</p><script>alert(1)</script>"
            + "<style>p{}</style><p onclick=\"x()\">Second&nbsp;paragraph</p>";
        assertEquals("In this allegorical painting & more.\n\nSecond paragraph", ArtworkDocuments.plainText(html));
    }

    @Test
    void everyNamedAndNumericEntityBecomesItsCharacter() {
        String html = "<p>Prud&rsquo;hon&#8217;s caf&eacute; sketch &#x2014; &laquo;&nbsp;Amour&nbsp;&raquo; &hellip; 1&frac12; &lt;b&gt;</p>";
        assertEquals("Prud’hon’s café sketch — « Amour » … 1½ <b>", ArtworkDocuments.plainText(html));
    }

    @Test
    void blocksBecomeParagraphsAndBreaksAndListItemsLines() {
        String html = "<h2>Provenance</h2>\n<p>Bought in Paris,\n    1891;<br>given   in 1922.</p>\n"
            + "<ul>\n  <li>first</li>\n  <li>second <a href=\"https://x\">link</a></li>\n</ul><div>Last</div>";
        assertEquals("Provenance\n\nBought in Paris, 1891;\ngiven in 1922.\n\nfirst\nsecond link\n\nLast",
            ArtworkDocuments.plainText(html));
    }

    @Test
    void aPlainTextDescriptionKeepsItsLines() {
        // SMK's content descriptions are plain text, joined by newlines
        assertEquals("Første linje\nAnden linje\n\nNyt afsnit", ArtworkDocuments.plainText("Første linje\nAnden  linje\n\n\n\nNyt afsnit\n"));
        assertEquals("a < b & c", ArtworkDocuments.plainText("a < b & c"));
    }

    @Test
    void onlyWebLinksLeaveThePage() {
        assertEquals("https://www.artic.edu/artworks/1", ArtworkDocuments.safeLink("https://www.artic.edu/artworks/1"));
        assertNull(ArtworkDocuments.safeLink("javascript:alert(1)"));
        assertNull(ArtworkDocuments.safeLink("data:text/html,<script>"));
    }
}
