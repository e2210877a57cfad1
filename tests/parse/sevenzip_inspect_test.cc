#include "parse/sevenzip_inspect.h"

#include <doctest/doctest.h>

#include <string>

using namespace ohm;

namespace {

std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

// Made with p7zip 16.02 (`7z a`) from two small files, invoice.exe and
// readme.txt: the default (header compressed with LZMA), -mhc=off (plain
// header), -p (files encrypted, names readable) and -p -mhe=on (names
// encrypted too); and a folder d/ with sub/"Rechnung März.pdf.exe" and
// "日本語.txt" in LZMA2 (-m0=lzma2).
const std::string kDefault = FromHex(
    "377abcaf271c000430b368fea20000000000000021000000000000008c8a36cf0100314d5a2066616b652070726f6772"
    "616d0a506c656173652066696e642074686520696e766f6963652061747461636865642e0a000000813307ae0fd15ba3"
    "24a090a0775ec540188db4a947bae0d9564325bebae0aec754a5a3c6e339bdd3667437727d6ee49c70f0522fab30aa2d"
    "5cd07f41d32abc8c19cd1785a4230b01d5caa34b1a483077f9be43768b4680e836325ff5acc26714850cd2ea92ec9800"
    "000017063601096c00070b01000123030101055d001000000c80860a012d3f4be40000");
const std::string kPlainHeader = FromHex(
    "377abcaf271c00049752b337360000000000000086000000000000002d3f4be40100314d5a2066616b652070726f6772"
    "616d0a506c656173652066696e642074686520696e766f6963652061747461636865642e0a000104060001093600070b"
    "010001212101000c3200080d0209100a01b114e4892f448a2400000502190400000000112f0069006e0076006f006900"
    "630065002e00650078006500000072006500610064006d0065002e007400780074000000190400000000141201003e30"
    "a1c3fa7ddd013e30a1c3fa7ddd01150a01002080a4812080a4810000");
const std::string kEncryptedFiles = FromHex(
    "377abcaf271c0004e3fcaac0cb000000000000002200000000000000954f849cf690f457ed1cee4ac743f4597d7acc4d"
    "28b01fa88a5c52efcd0dbd8bf7a75b7969d680c794af1904c192ea10e1d8493ad3bc6d4e3973b21de405defa0b84b329"
    "0000813307ae0fd1f2fbfd40bb94643b39a47ae76a2345c6c381b4aa695fa2cc7da6408afb2e00a822320267df01dc6a"
    "44ae0282993b48a6f49c5d0e71728823d369b55d9e598af2f33f33433998aa68678e6777cf0c505e8696dd4cbc8c80eb"
    "e172b95650a2da16e864235fd65e63af8ffd3a4723806631e3d9d27fb13478440faf004952a3b0000000001706400109"
    "808b00070b01000123030101055d001000000c80a60a01e1649ae90000");
const std::string kEncryptedHeader = FromHex(
    "377abcaf271c00045ab5602ed0000000000000003e00000000000000eda5f5903f0a629b0a48669bb6c551843d849e0e"
    "b2a71e8c6a130b91c4346ff058d1257cc3ed6a026672429bfa04dd66603ebbac1f8b735a528689ab45f115764a474afd"
    "ba5900ba43af08fa84faeafdeebc223f2deb8bbb7399ddd5d2f041ab3b17fc147fbaffbda42931a07f5cd2f0e4398f6f"
    "bee62d82eb13f396b248bac45079b37170f7e1e064c5d8d3d4b4dd03f5e74ed157eb5b1953a4ecc0944ec4447150a59e"
    "4cad65991a29a7ca61572cc87fa38a5c38c58147cf3b49dcb33fed2111b29ad58d6dbbaae5694e066c0e13f5ff8a67ad"
    "1706400109809000070b0100022406f1070112530f0d15141cb3554a9d6a3f41d1b7785e2023030101055d0010000001"
    "000c808a80a60a0116e01daf0000");
const std::string kFolders = FromHex(
    "377abcaf271c00046bffb201a500000000000000220000000000000098d6f9890100104d5a2066616b652070726f6772"
    "616d0a78000000813307ae0fcf4b6f8c07c8437f41b1fafde46179e96d3d9b4444a4c0b584220edc850fcb04356d8324"
    "133ec22b84d98b93b83a91bceb32791820155e6e47736e2c37f415be5a4b84795466631c4084f0020333551afa4bbd5b"
    "72578fe5fb27caec27ed8f25fc2bde3937f5eb238d36399d5f65c93f6ee1dc05f730fb42bbd42d99b8627f3ab7589687"
    "6bd18000001706150109809000070b01000123030101055d001000000c80c60a01b8d955920000");

}  // namespace

TEST_CASE("a compressed 7z header is inflated and its names read") {
  SevenZipContents c = ReadSevenZip(kDefault, 200, 1 << 20);
  CHECK(c.names == std::vector<std::string>{"invoice.exe", "readme.txt"});
  CHECK_FALSE(c.encrypted);
  CHECK(c.inflated_bytes > 0);
  CHECK(StartsSevenZip(kDefault));
  CHECK_FALSE(StartsSevenZip("PK\x03\x04"));
}

TEST_CASE("a plain 7z header is read as it stands") {
  SevenZipContents c = ReadSevenZip(kPlainHeader, 200, 1 << 20);
  CHECK(c.names == std::vector<std::string>{"invoice.exe", "readme.txt"});
  CHECK(c.inflated_bytes == 0);
}

TEST_CASE("encrypted files and encrypted names are both reported") {
  SevenZipContents files = ReadSevenZip(kEncryptedFiles, 200, 1 << 20);
  CHECK(files.encrypted);
  CHECK(files.names == std::vector<std::string>{"invoice.exe", "readme.txt"});
  SevenZipContents header = ReadSevenZip(kEncryptedHeader, 200, 1 << 20);
  CHECK(header.encrypted);
  CHECK(header.names.empty());
}

TEST_CASE("folders, UTF-16 names and LZMA2 archives") {
  SevenZipContents c = ReadSevenZip(kFolders, 200, 1 << 20);
  REQUIRE(c.names.size() == 4);
  CHECK(c.names[2] == "d/sub/Rechnung M\xc3\xa4rz.pdf.exe");
  CHECK(c.names[3] == "d/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e.txt");
  CHECK(ReadSevenZip(kFolders, 2, 1 << 20).names.size() == 2);  // max_names
}

TEST_CASE("a budget below the header's size, a cut archive or damaged bytes yield nothing, never a fault") {
  SevenZipContents small = ReadSevenZip(kDefault, 200, 16);
  CHECK(small.names.empty());
  CHECK(small.inflated_bytes == 0);
  CHECK(small.over_budget);
  CHECK_FALSE(ReadSevenZip(kDefault, 200, 1 << 20).over_budget);
  CHECK(ReadSevenZip(kDefault.substr(0, kDefault.size() - 10), 200, 1 << 20).names.empty());
  CHECK(ReadSevenZip(kDefault.substr(0, 20), 200, 1 << 20).names.empty());
  // Every single-byte change and every cut of the archive: bounded and safe.
  for (size_t i = 0; i < kDefault.size(); ++i) {
    std::string damaged = kDefault;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
    SevenZipContents c = ReadSevenZip(damaged, 200, 1 << 20);
    CHECK(c.names.size() <= 200);
    CHECK(c.inflated_bytes <= (1u << 20));
    ReadSevenZip(kDefault.substr(0, i), 200, 1 << 20);
  }
}
