#include "features/text_metrics.h"

#include <doctest/doctest.h>

namespace ohm {

TEST_CASE("capitals are counted over letters only") {
  TextMetrics m = MeasureText("SALE 50% OFF today");
  CHECK(m.letters == 12);
  CHECK(m.upper_letters == 7);
  CHECK(m.CapsRatio() == doctest::Approx(7.0 / 12));
  CHECK(m.words == 4);
}

TEST_CASE("no letters gives a caps ratio of 0, not a division by zero") {
  TextMetrics m = MeasureText("123 !!! 456");
  CHECK(m.letters == 0);
  CHECK(m.CapsRatio() == 0.0);
}

TEST_CASE("accented capitals count as capitals") {
  TextMetrics m = MeasureText("ÉNORME PROMO ÜBER ŁÓDŹ Ωμέγα");
  CHECK(m.letters == 24);
  CHECK(m.upper_letters == 20);
  CHECK(m.caps_words == 4);
}

TEST_CASE("caps words need three letters and no digit") {
  TextMetrics m = MeasureText("OK I got the MP3 from the EU");
  CHECK(m.caps_words == 0);
  CHECK(MeasureText("FREE GIFT inside").caps_words == 2);
}

TEST_CASE("the longest run of caps words is kept") {
  TextMetrics m = MeasureText("BUY NOW AND SAVE big, then ACT NOW");
  CHECK(m.longest_caps_run == 4);
  CHECK(m.caps_words == 6);
  // Short capital words inside a shouted sentence do not break the run.
  CHECK(MeasureText("THIS IS THE SALE OF THE YEAR, ok").longest_caps_run == 5);
  CHECK(MeasureText("THIS is THE SALE").longest_caps_run == 2);
}

TEST_CASE("exclamation marks and their runs") {
  TextMetrics m = MeasureText("Hi! Great news!! Really ! ! !");
  CHECK(m.exclamations == 6);
  CHECK(m.longest_exclamation_run == 3);
  CHECK(MeasureText("Wow！").exclamations == 1);
  // Notation, not exclamation: a merge request number, a negation.
  CHECK(MeasureText("Fix race in session cache (!482)").exclamations == 0);
  CHECK(MeasureText("if (!ready) wait").exclamations == 0);
  TextMetrics marks = MeasureText("Sale!!!Now");
  CHECK(marks.exclamations == 2);
  CHECK(marks.longest_exclamation_run == 2);
}

TEST_CASE("invalid UTF-8 is not a letter and does not stop the count") {
  TextMetrics m = MeasureText(std::string_view("AB\xff\xfe" "CD", 6));
  CHECK(m.letters == 4);
  CHECK(m.chars == 6);
}

TEST_CASE("letter case of single code points") {
  CHECK(LetterCase(U'A') == 1);
  CHECK(LetterCase(U'z') == -1);
  CHECK(LetterCase(U'ß') == -1);
  CHECK(LetterCase(U'×') == 0);
  CHECK(LetterCase(U'Ł') == 1);
  CHECK(LetterCase(U'ł') == -1);
  CHECK(LetterCase(U'Я') == 1);
  CHECK(LetterCase(U'я') == -1);
  CHECK(LetterCase(U'7') == 0);
}

}  // namespace ohm

namespace ohm {

TEST_CASE("Greek and Cyrillic characters are counted, extended blocks included") {
  CHECK(MeasureText("plain ASCII and caf\xc3\xa9").lookalike_script_chars == 0);
  CHECK(MeasureText("P\xd0\xb0yPal").lookalike_script_chars == 1);     // Cyrillic a
  CHECK(MeasureText("\xd0\x90pp\xd3\x8f\xd0\xb5").lookalike_script_chars == 3);  // A, palochka (U+04CF), e
  CHECK(MeasureText("\xe1\xbc\x80").lookalike_script_chars == 1);      // U+1F00, Greek Extended
  CHECK(MeasureText("G\xd6\x85\xd6\x85gle").lookalike_script_chars == 2);  // Armenian small oh (U+0585) twice
  CHECK(MeasureText("\xe1\x8e\xaa ok \xea\xad\xb0").lookalike_script_chars == 2);  // Cherokee U+13AA, U+AB70
}

}  // namespace ohm
