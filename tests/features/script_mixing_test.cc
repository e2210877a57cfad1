#include "features/script_mixing.h"

#include <doctest/doctest.h>

namespace ohm {

TEST_CASE("a Latin word with one Cyrillic letter is found and the letter named") {
  MixedScriptWords m = FindMixedScriptWords("Your P\u0430yPal account");
  CHECK(m.count == 1);
  CHECK(m.Explain() == "Cyrillic \u0430 in Latin word P\u0430yPal");
}

TEST_CASE("a Cyrillic word with one Latin letter names the Latin letter") {
  MixedScriptWords m = FindMixedScriptWords("\u0421\u0431e\u0440\u0431\u0430\u043d\u043a");  // Сбeрбанк
  CHECK(m.count == 1);
  CHECK(m.Explain() == "Latin e in Cyrillic word \u0421\u0431e\u0440\u0431\u0430\u043d\u043a");
}

TEST_CASE("a Greek omicron inside a Latin word counts") {
  MixedScriptWords m = FindMixedScriptWords("Micr\u03bfsoft Teams");
  CHECK(m.count == 1);
  CHECK(m.Explain() == "Greek \u03bf in Latin word Micr\u03bfsoft");
}

TEST_CASE("words of one script each do not count, however the text mixes them") {
  CHECK(FindMixedScriptWords("\u0412\u0441\u0442\u0440\u0435\u0447\u0430 in Athens, \u0395\u03bb\u03bb\u03ac\u03b4\u03b1 tour").count == 0);
  CHECK(FindMixedScriptWords("iPhone-\u043f\u0440\u0438\u043b\u043e\u0436\u0435\u043d\u0438\u0435 e-mail'\u043e\u043c").count == 0);
  CHECK(FindMixedScriptWords("Jürgen Ærøskøbing Nguyễn Łódź").count == 0);  // accented Latin is Latin
  CHECK(FindMixedScriptWords("\u6771\u4eacTower \u0645\u0631\u062d\u0628\u0627Bank").count == 0);  // other scripts are neutral
  CHECK(FindMixedScriptWords("plain ASCII text only").count == 0);
}

TEST_CASE("zero-width characters and digits do not split a word, punctuation does") {
  CHECK(FindMixedScriptWords("Pa\u200by\u200bP\u0430l").count == 1);
  CHECK(FindMixedScriptWords("P\u04302yPal").count == 1);
  CHECK(FindMixedScriptWords("Pay.\u0440\u0430\u043b").count == 0);
}

TEST_CASE("every mixed word is counted; only the first is quoted") {
  MixedScriptWords m = FindMixedScriptWords("Fr\u0435\u0435 \u0441asino b\u043enus");
  CHECK(m.count == 3);
  CHECK(m.Explain() == "Cyrillic \u0435 in Latin word Fr\u0435\u0435");
}

TEST_CASE("a long word is quoted cut at a code point, and invalid UTF-8 ends a word without harm") {
  std::string word = "P\u0430";
  for (int i = 0; i < 40; ++i) word += "\u0436";  // two bytes each, so 64 bytes falls inside none
  MixedScriptWords m = FindMixedScriptWords(word);
  CHECK(m.count == 1);
  CHECK(m.Explain().rfind("Latin P in Cyrillic word P\u0430", 0) == 0);
  CHECK(m.Explain().substr(m.Explain().size() - 3) == "...");
  CHECK(m.Explain().size() < word.size() + 60);
  CHECK(FindMixedScriptWords(std::string("P\xD0" "ayPal \xFF\xFE \xD0", 12)).count == 0);  // truncated sequences
}

}  // namespace ohm

namespace ohm {

TEST_CASE("a word of Cyrillic or Greek letters that all look Latin") {
  CHECK(IsLatinLookalike("\xd0\xb0\xd1\x80\xd1\x80\xd3\x8f\xd0\xb5"));  // аррӏе
  CHECK(IsLatinLookalike("\xce\x9f\xce\x9a"));                          // Greek ΟΚ
  CHECK_FALSE(IsLatinLookalike("\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80"));  // пример: п, и, м look Cyrillic
  CHECK_FALSE(IsLatinLookalike("apple"));                               // Latin is no look-alike of itself
  CHECK_FALSE(IsLatinLookalike("\xd0\xb0"));                            // one letter
  CHECK_FALSE(IsLatinLookalike(""));
}

}  // namespace ohm

namespace ohm {

TEST_CASE("in a Latin name or title, a word written wholly in look-alikes counts") {
  MixedScriptWords m = FindLatinLookalikeWords("\xd0\xb0\xd1\x80\xd1\x80\xd3\x8f\xd0\xb5 Support");  // аррӏе Support
  CHECK(m.count == 1);
  CHECK(m.Explain() == "Cyrillic word \xd0\xb0\xd1\x80\xd1\x80\xd3\x8f\xd0\xb5, read as Latin");
  CHECK(FindLatinLookalikeWords("Your \xce\x9f\xce\x9a account").count == 1);  // Greek ΟΚ
  // Russian or Greek text: such words are ordinary words there.
  CHECK(FindLatinLookalikeWords("\xd1\x81\xd0\xb5\xd1\x80\xd0\xb0 \xd0\xb8 Athens").count == 0);  // сера и Athens
  CHECK(FindLatinLookalikeWords("\xd0\xb0\xd1\x80\xd1\x80\xd3\x8f\xd0\xb5").count == 0);  // no Latin word beside it
  CHECK(FindLatinLookalikeWords("\xd0\x94\xd0\xbc\xd0\xb8\xd1\x82\xd1\x80\xd0\xb8\xd0\xb9 J\xc3\xbcrgensen").count == 0);
  CHECK(FindLatinLookalikeWords("plain Latin").count == 0);
}

}  // namespace ohm

namespace ohm {

TEST_CASE("Armenian and Cherokee letters drawn like Latin ones mix too") {
  MixedScriptWords armenian = FindMixedScriptWords("Sign in to G\u0585\u0585gle Drive");  // Armenian small oh
  CHECK(armenian.count == 1);
  CHECK(armenian.Explain() == "Armenian \u0585 in Latin word G\u0585\u0585gle");
  MixedScriptWords cherokee = FindMixedScriptWords("\u13e2ayPal billing");  // Cherokee TLV for P
  CHECK(cherokee.count == 1);
  CHECK(cherokee.Explain() == "Cherokee \u13e2 in Latin word \u13e2ayPal");
  // Armenian and Cherokee text on its own mixes nothing.
  CHECK(FindMixedScriptWords("\u0532\u0561\u0580\u0587 \u0571\u0565\u0566, Yerevan").count == 0);  // Բարև ձեզ
  CHECK(FindMixedScriptWords("\u13e3\u13b3\u13a9 language").count == 0);                            // ᏣᎳᎩ
}

TEST_CASE("a name written wholly in Cherokee look-alikes is read as Latin") {
  CHECK(IsLatinLookalike("\u13e2\u13aa\u13a9\u13e2\u13aa\u13de"));  // ᏢᎪᎩᏢᎪᏞ: PAYPAL
  MixedScriptWords m = FindLatinLookalikeWords("\u13e2\u13aa\u13a9\u13e2\u13aa\u13de Support");
  CHECK(m.count == 1);
  CHECK(m.Explain() == "Cherokee word \u13e2\u13aa\u13a9\u13e2\u13aa\u13de, read as Latin");
  // Cherokee written as itself: ᏣᎳᎩ has letters drawn like no Latin one.
  CHECK(FindLatinLookalikeWords("\u13e3\u13b3\u13a9 Nation").count == 0);
}

}  // namespace ohm

namespace ohm {

TEST_CASE("ReadLookalikesAsLatin writes the Latin letters that mixed words pass for") {
  std::string latin = "left alone";
  // Fr + two Cyrillic е; P + Cyrillic а + yPal; V + Cyrillic і + agra; G + Armenian օօ + gle.
  CHECK(ReadLookalikesAsLatin("Fr\u0435\u0435 gift from P\u0430yPal: V\u0456agra, G\u0585\u0585gle", &latin));
  CHECK(latin == "Free gift from PayPal: Viagra, Google");
  // A Greek capital omicron and Cherokee letters in a capital word.
  CHECK(ReadLookalikesAsLatin("MICR\u039fSOFT \u13e2AYPAL", &latin));
  CHECK(latin == "MICROSOFT PAYPAL");
}

TEST_CASE("ReadLookalikesAsLatin leaves real words of other scripts alone") {
  std::string latin = "left alone";
  CHECK_FALSE(ReadLookalikesAsLatin("plain ASCII", &latin));
  CHECK_FALSE(ReadLookalikesAsLatin("\u0441\u0435\u0440\u0430 \u0438 Athens", &latin));  // сера и Athens: no mix
  // A Russian word with one Latin e: its Cyrillic letters are drawn as
  // themselves, so it is a Russian word mistyped, not a disguised Latin one.
  CHECK_FALSE(ReadLookalikesAsLatin("\u043de\u043f\u0440\u0430\u0432\u0438\u043b\u044c\u043d\u043e\u0439", &latin));
  CHECK(latin == "left alone");
}
}  // namespace ohm
