package fr.barometre.survey.response;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which questions a save changed, as the journal says: added, changed and removed answers, never the same one. */
class ChangedQuestionsTest {

    private static Answer level(String question, int level) {
        return new Answer(question, level, null, null);
    }

    private static Answer text(String question, String text) {
        return new Answer(question, null, null, TextNode.valueOf(text));
    }

    @Test
    void addedChangedAndRemovedAnswersAreNamedInTheNewOrderThenTheRemovedOnes() {
        List<Answer> before = List.of(level("A", 1), level("B", 2), text("C", "old"), level("D", 3));
        List<Answer> after = List.of(level("A", 1), level("B", 3), text("C", "new"), level("E", 0));
        assertEquals(List.of("B", "C", "E", "D"), ResponseJournal.changedQuestions(before, after));
    }

    @Test
    void anAbstentionReplacingALevelIsAChange() {
        assertEquals(List.of("A"), ResponseJournal.changedQuestions(List.of(level("A", 1)), List.of(new Answer("A", null, "NSP", null))));
    }

    @Test
    void theSameAnswersChangeNothing() {
        List<Answer> answers = List.of(level("A", 1), text("C", "same"));
        assertEquals(List.of(), ResponseJournal.changedQuestions(answers, List.of(level("A", 1), text("C", "same"))));
        assertEquals(List.of("A", "C"), ResponseJournal.changedQuestions(List.of(), answers));
    }
}
