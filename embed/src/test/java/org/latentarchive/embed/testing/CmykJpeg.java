package org.latentarchive.embed.testing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes an image as a print shop's CMYK JPEG: four components, an Adobe APP14 marker saying "no colour transform",
 * inverted ink values as Photoshop stores them, no JFIF header and no ICC profile. Museums' scans often come so; the
 * JDK's own reader refuses them.
 */
public final class CmykJpeg {

    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

    private CmykJpeg() {
    }

    public static byte[] of(BufferedImage rgb) throws IOException {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        int[] ink = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb.getRGB(x, y);
                double r = ((p >> 16) & 255) / 255.0;
                double g = ((p >> 8) & 255) / 255.0;
                double b = (p & 255) / 255.0;
                double k = 1 - Math.max(r, Math.max(g, b));
                double rest = k >= 1 ? 1 : 1 - k;
                ink[0] = inverted((1 - r - k) / rest);
                ink[1] = inverted((1 - g - k) / rest);
                ink[2] = inverted((1 - b - k) / rest);
                ink[3] = inverted(k);
                raster.setPixel(x, y, ink);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(
                ImageTypeSpecifier.createFromRenderedImage(new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR)), param);
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
            clear(root.getElementsByTagName("JPEGvariety").item(0)); // a CMYK file cannot be JFIF
            IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
            adobe.setAttribute("transform", "0");
            root.getElementsByTagName("markerSequence").item(0).appendChild(adobe);
            IIOMetadataNode frame = (IIOMetadataNode) root.getElementsByTagName("sof").item(0);
            IIOMetadataNode scan = (IIOMetadataNode) root.getElementsByTagName("sos").item(0);
            frame.setAttribute("numFrameComponents", "4");
            scan.setAttribute("numScanComponents", "4");
            clear(frame);
            clear(scan);
            for (int c = 1; c <= 4; c++) {
                IIOMetadataNode component = new IIOMetadataNode("componentSpec");
                component.setAttribute("componentId", String.valueOf(c));
                component.setAttribute("HsamplingFactor", "1");
                component.setAttribute("VsamplingFactor", "1");
                component.setAttribute("QtableSelector", "0");
                frame.appendChild(component);
                IIOMetadataNode selector = new IIOMetadataNode("scanComponentSpec");
                selector.setAttribute("componentSelector", String.valueOf(c));
                selector.setAttribute("dcHuffTable", "0");
                selector.setAttribute("acHuffTable", "0");
                scan.appendChild(selector);
            }
            metadata.setFromTree(FORMAT, root);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(raster, null, metadata), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    private static int inverted(double ink) {
        return (int) Math.round(255 * (1 - Math.max(0, Math.min(1, ink))));
    }

    private static void clear(org.w3c.dom.Node node) {
        while (node.hasChildNodes()) {
            node.removeChild(node.getFirstChild());
        }
    }
}
