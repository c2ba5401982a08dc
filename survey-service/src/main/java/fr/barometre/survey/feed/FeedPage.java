package fr.barometre.survey.feed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "SubmissionFeedPage", description = "Submissions in feed order; pass nextCursor as since to read on.")
public record FeedPage(List<SubmissionMessage> items, @Schema(example = "8812:42") String nextCursor) {
}
