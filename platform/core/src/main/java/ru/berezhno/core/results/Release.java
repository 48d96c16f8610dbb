package ru.berezhno.core.results;

/**
 * What of a survey's responses may be handed out row by row (the raw export), by the same rules
 * as results: the rows of a group that results withhold, or of a round still open, are left out;
 * an answer to a question too few answered in its group is left blank; free text only where the
 * group's comments themselves reach the comment threshold.
 */
public interface Release {
    /** Everything: attributed responses are given under a name. */
    Release ALL = new Release() {
        @Override
        public boolean shows(String organization, String period) {
            return true;
        }

        @Override
        public boolean showsAnswer(String organization, String period, String question) {
            return true;
        }
    };

    /** Whether the rows of a group (organisation and period) may be handed out. */
    boolean shows(String organization, String period);

    /** Whether a row's answer to a question may be handed out (its row shown). */
    boolean showsAnswer(String organization, String period, String question);
}
