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
    void onlyWebLinksLeaveThePage() {
        assertEquals("https://www.artic.edu/artworks/1", ArtworkDocuments.safeLink("https://www.artic.edu/artworks/1"));
        assertNull(ArtworkDocuments.safeLink("javascript:alert(1)"));
        assertNull(ArtworkDocuments.safeLink("data:text/html,<script>"));
    }
}
