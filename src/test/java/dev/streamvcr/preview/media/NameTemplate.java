package dev.streamvcr.preview.media;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Reads which name a frame shows, by template: the text drawn by Java 2D in the same font and size, slid over the
 * frame's bright (text) pixels near where the name goes; the best overlap is the score. A frame with alice's name
 * scores high for alice and clearly lower for bob, which a plain "something changed here" check cannot tell.
 */
final class NameTemplate {

    private NameTemplate() {
    }

    /**
     * The best overlap (intersection over union, 0 … 1) of {@code text}'s pixels with the bright pixels of {@code frame}
     * ({@code width} wide, 8-bit gray) around the row {@code top} and the horizontal centre.
     */
    static double score(byte[] frame, int width, int height, String text, Path font, int fontSize, int top) {
        boolean[][] glyphs = render(text, font, fontSize);
        int th = glyphs.length;
        int tw = glyphs[0].length;
        double best = 0;
        for (int dy = -fontSize; dy <= fontSize; dy++) {
            for (int dx = -fontSize; dx <= fontSize; dx++) {
                int x0 = (width - tw) / 2 + dx;
                int y0 = top + dy;
                if (x0 < 0 || y0 < 0 || x0 + tw > width || y0 + th > height) {
                    continue;
                }
                int both = 0;
                int either = 0;
                for (int y = 0; y < th; y++) {
                    for (int x = 0; x < tw; x++) {
                        boolean bright = (frame[(y0 + y) * width + x0 + x] & 0xff) > 190;
                        both += bright && glyphs[y][x] ? 1 : 0;
                        either += bright || glyphs[y][x] ? 1 : 0;
                    }
                }
                best = Math.max(best, either == 0 ? 0 : (double) both / either);
            }
        }
        return best;
    }

    /** The text's pixels, cropped to their bounding box. */
    private static boolean[][] render(String text, Path fontFile, int fontSize) {
        try {
            Font font = Font.createFont(Font.TRUETYPE_FONT, fontFile.toFile()).deriveFont((float) fontSize);
            BufferedImage image = new BufferedImage(fontSize * text.length(), fontSize * 3, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.drawString(text, fontSize / 2, fontSize * 2);
            g.dispose();
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = -1;
            int maxY = -1;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    if ((image.getRaster().getSample(x, y, 0)) > 128) {
                        minX = Math.min(minX, x);
                        minY = Math.min(minY, y);
                        maxX = Math.max(maxX, x);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            boolean[][] glyphs = new boolean[maxY - minY + 1][maxX - minX + 1];
            for (int y = minY; y <= maxY; y++) {
                for (int x = minX; x <= maxX; x++) {
                    glyphs[y - minY][x - minX] = image.getRaster().getSample(x, y, 0) > 128;
                }
            }
            return glyphs;
        } catch (java.awt.FontFormatException | java.io.IOException e) {
            throw new AssertionError("cannot render " + text + " in " + fontFile, e);
        }
    }
}
