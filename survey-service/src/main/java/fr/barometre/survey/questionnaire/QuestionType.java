package fr.barometre.survey.questionnaire;

/** The kinds of question. Only {@link #MATURITY} questions are scored and sit on the maturity scale. */
public enum QuestionType {
    MATURITY, SINGLE_CHOICE, MULTIPLE_CHOICE, NUMBER, BOOLEAN, TEXT;

    public boolean hasChoices() {
        return this == SINGLE_CHOICE || this == MULTIPLE_CHOICE;
    }

    /** Types whose answer a condition can test. */
    public boolean canBeConditionTarget() {
        return hasChoices() || this == BOOLEAN;
    }
}
