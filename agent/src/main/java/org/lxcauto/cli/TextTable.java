package org.lxcauto.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table for people, as {@code lxc-ls -f} and {@code systemctl list-units} print them: a header
 * in capitals, each column as wide as its widest cell, two spaces between columns, numbers to the
 * right, and no padding after the last column. Widths come from the content, so a long container
 * name widens its column instead of pushing the rest out of line.
 */
final class TextTable {

    /** How a column's cells line up. */
    enum Align { LEFT, RIGHT }

    private static final String GAP = "  ";
    private static final String ELLIPSIS = "...";
    /** However wide the other columns, the last keeps this much: a few words of an error say something. */
    static final int MIN_LAST = 40;

    private final String[] headers;
    private final Align[] align;
    private final List<String[]> rows = new ArrayList<>();
    /** Rows whose last cell is never cut, by index in {@link #rows}. */
    private final List<Integer> whole = new ArrayList<>();
    private boolean cut;

    /** @param headers the column headers, in order; @param align how each column lines up */
    TextTable(String[] headers, Align... align) {
        if (headers.length != align.length) {
            throw new IllegalArgumentException(headers.length + " headers for " + align.length + " alignments");
        }
        this.headers = headers.clone();
        this.align = align.clone();
    }

    /** Adds a row whose last cell is never cut: the text the row is there to say. */
    void rowWhole(String... cells) {
        row(cells);
        whole.add(rows.size() - 1);
    }

    /** Adds a row; a null cell prints as "-", the usual "nothing" of these tables. */
    void row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException(cells.length + " cells in a table of " + headers.length + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c).toArray(String[]::new));
    }

    /**
     * The table, one line per row after the header, each ending in a newline.
     *
     * @param lineWidth the width the lines should keep to: cells of the last column (free text, such
     *     as an error) longer than the room left are cut and end in "...", though never to fewer than
     *     {@link #MIN_LAST} characters; 0 for no limit
     */
    String render(int lineWidth) {
        int[] width = new int[headers.length];
        int start = 0;
        for (int i = 0; i < headers.length; i++) {
            width[i] = headers[i].length();
            for (String[] row : rows) {
                width[i] = Math.max(width[i], row[i].length());
            }
            if (i < headers.length - 1) {
                start += width[i] + GAP.length();
            }
        }
        int room = lineWidth <= 0 ? Integer.MAX_VALUE : Math.max(MIN_LAST, lineWidth - start);
        StringBuilder out = new StringBuilder();
        line(out, headers, width);
        for (int r = 0; r < rows.size(); r++) {
            String[] cells = rows.get(r).clone();
            String lastCell = cells[cells.length - 1];
            if (lastCell.length() > room && !whole.contains(r)) {
                cells[cells.length - 1] = lastCell.substring(0, room - ELLIPSIS.length()).stripTrailing() + ELLIPSIS;
                cut = true;
            }
            line(out, cells, width);
        }
        return out.toString();
    }

    /** Whether the last {@link #render} cut a cell, so the caller can say where the whole text is. */
    boolean cut() {
        return cut;
    }

    private void line(StringBuilder out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            String pad = " ".repeat(width[i] - cells[i].length());
            if (align[i] == Align.RIGHT) {
                line.append(pad).append(cells[i]);
            } else {
                line.append(cells[i]).append(last ? "" : pad);
            }
            if (!last) {
                line.append(GAP);
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
