-- A fact's seven themes and its ~40 answer rows move onto the fact row, as parallel arrays (entry i
-- of each array of a group describes one theme, or one answer row). One row per fact instead of
-- ~48: a delivery of 500 facts writes 500 rows (one index entry each, no foreign key to check per
-- row) instead of ~24,000, and a snapshot of the facts in memory reads a fact and its rows in one
-- fetch. The rows were never queried apart from their fact: loaded with it into memory (figures),
-- copied with it at publication, read with it for one authority's benchmark.
--
-- theme_codes[i], theme_scores[i], theme_levels[i], theme_engaged[i]: a theme's result (a theme with
--   nothing scored has score and level null), as fact_theme held it.
-- answer_questions[i], answer_values[i], answer_numbers[i]: one answered value, as fact_answer held
--   it: '0'..'4', 'NSP', 'NA', a choice code (one entry per chosen code of a multiple choice),
--   'true'/'false', or a number (its text, and the number, exact, in answer_numbers; null elsewhere).
alter table fact
    add column theme_codes      text[]    not null default '{}',
    add column theme_scores     numeric[] not null default '{}',
    add column theme_levels     int2[]    not null default '{}',
    add column theme_engaged    bool[]    not null default '{}',
    add column answer_questions text[]    not null default '{}',
    add column answer_values    text[]    not null default '{}',
    add column answer_numbers   numeric[] not null default '{}';

-- The rows already held, LIVE and PUBLISHED, moved as they are (in key order).
update fact f set theme_codes = t.codes, theme_scores = t.scores, theme_levels = t.levels, theme_engaged = t.engaged
from (select source, campaign_code, siren, array_agg(theme order by theme) codes, array_agg(score order by theme) scores,
             array_agg(level order by theme) levels, array_agg(engaged order by theme) engaged
      from fact_theme group by source, campaign_code, siren) t
where f.source = t.source and f.campaign_code = t.campaign_code and f.siren = t.siren;

update fact f set answer_questions = a.questions, answer_values = a.answers, answer_numbers = a.numbers
from (select source, campaign_code, siren, array_agg(question order by question, answer) questions,
             array_agg(answer order by question, answer) answers, array_agg(number order by question, answer) numbers
      from fact_answer group by source, campaign_code, siren) a
where f.source = a.source and f.campaign_code = a.campaign_code and f.siren = a.siren;

-- The arrays of a group go together: one entry each per theme, per answer row.
alter table fact add constraint fact_themes_parallel check (cardinality(theme_scores) = cardinality(theme_codes)
        and cardinality(theme_levels) = cardinality(theme_codes) and cardinality(theme_engaged) = cardinality(theme_codes)),
    add constraint fact_answers_parallel check (cardinality(answer_values) = cardinality(answer_questions)
        and cardinality(answer_numbers) = cardinality(answer_questions));

drop table fact_answer;
drop table fact_theme;
