package org.lxcauto.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lxcauto.need.Need;
import org.lxcauto.need.NeedSyntax;

/**
 * Reads {@code needs = TOKEN...}: the gates outside the container graph that a container waits for
 * before it starts (docs/configuration.md, needs). The key may be given on several lines, the
 * tokens add up; each bad token is an error of its own, with its line, so {@code check} reports
 * every one in a single run.
 */
final class NeedsReader {

    static final String KEY = "needs";

    private NeedsReader() {
    }

    /** The needs in the order given, each once; errors and warnings recorded on {@code r}. */
    static List<Need> read(SectionReader r) {
        Map<String, Need> needs = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (IniDocument.Option option : r.all(KEY)) {
            for (String token : option.value().split("[\\s,]+")) {
                if (token.isEmpty()) {
                    continue;
                }
                Need need;
                try {
                    need = NeedSyntax.parse(token);
                } catch (IllegalArgumentException e) {
                    r.error(option.line(), "invalid need '" + token + "': " + e.getMessage());
                    continue;
                }
                String canonical = need.toString();
                if (needs.containsKey(canonical)) {
                    r.warning(option.line(), "'" + token + "' is listed twice in needs (first on line "
                            + lines.get(canonical) + "); the repeat is ignored, remove it");
                    continue;
                }
                needs.put(canonical, need);
                lines.put(canonical, option.line());
            }
        }
        return List.copyOf(needs.values());
    }
}
