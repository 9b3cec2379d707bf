package org.lxcauto.cli;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns picocli's parse errors into messages an administrator can act on. Picocli says
 * "Unmatched argument at index 0: 'bogus'", which names neither what was expected nor what
 * exists; the usage error here names the word, the commands or options there are, and the
 * nearest one where picocli has a suggestion (docs/commands.md, usage errors).
 */
final class UsageErrors {

    private UsageErrors() {
    }

    /** The one-line message for {@code e}, without the "lxc-auto: " prefix. */
    static String describe(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return e.getMessage();
        }
        CommandLine where = e.getCommandLine();
        String word = unmatched.getUnmatched().get(0);
        String hint = suggestion(word, unmatched.getSuggestions());
        if (word.startsWith("-") && word.length() > 1) {
            String option = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            return "unknown option '" + option + "' for '" + where.getCommandSpec().qualifiedName() + "'" + hint
                    + " (options: " + options(where.getCommandSpec()) + ")";
        }
        if (!where.getSubcommands().isEmpty()) {
            return "unknown command '" + word + "'" + hint + " (commands: "
                    + String.join(", ", where.getSubcommands().keySet()) + ")";
        }
        return "unexpected argument '" + word + "' for '" + where.getCommandSpec().qualifiedName() + "'";
    }

    /**
     * Picocli's nearest name, when it is a likely typo of {@code word} (at most two edits away):
     * its suggestions are ranked, not bounded, and "bogus" is not a misspelt "boot".
     */
    private static String suggestion(String word, List<String> suggestions) {
        return suggestions.stream()
                .filter(candidate -> org.lxcauto.config.EditDistance.between(word, candidate) <= 2)
                .findFirst()
                .map(candidate -> "; did you mean '" + candidate + "'?")
                .orElse("");
    }

    /** Every visible option of {@code spec}, by its longest name, in declaration order. */
    private static String options(CommandSpec spec) {
        return spec.options().stream()
                .filter(option -> !option.hidden())
                .map(OptionSpec::longestName)
                .distinct()
                .collect(Collectors.joining(", "));
    }
}
