#include "parse/tar_members.h"

#include <doctest/doctest.h>

#include "tar_writer.h"

namespace ohm {
namespace {

using testing::Tar;
using testing::TarEntry;
using testing::TarRecord;
using Names = std::vector<std::string>;

TEST_CASE("ListTarNames lists files and directories, with ustar prefixes") {
  std::string tar = Tar({{"docs/", "", '5'}, {"docs/readme.txt", "hello"}, {"invoice.exe", std::string(700, 'x')},
                         {"report.pdf.js", "x", '0', "deep/path"}});
  CHECK(StartsTar(tar));
  CHECK(ListTarNames(tar, 100) == Names{"docs/", "docs/readme.txt", "invoice.exe", "deep/path/report.pdf.js"});
  CHECK(ListTarNames(tar, 2) == Names{"docs/", "docs/readme.txt"});
}

TEST_CASE("long names: GNU 'L' records and pax path") {
  std::string long_name = std::string(150, 'a') + "/payload.scr";
  std::string pax_name = std::string(120, 'b') + ".vbs";
  std::string pax = std::to_string(pax_name.size() + 6 + 4) + " path=" + pax_name + "\n";
  // The record length counts its own digits: 3 digits here.
  REQUIRE(pax.size() == pax_name.size() + 6 + 4);
  std::string tar = Tar({{"././@LongLink", long_name + std::string(1, '\0'), 'L'},
                         {long_name.substr(0, 100), "data"},
                         {"PaxHeaders/x", pax, 'x'},
                         {pax_name.substr(0, 100), "data"},
                         {"short.txt", "s"}});
  CHECK(ListTarNames(tar, 100) == Names{long_name, pax_name, "short.txt"});
}

TEST_CASE("a bad checksum, a cut archive or other data stop the listing") {
  std::string tar = Tar({{"one.txt", "1"}, {"two.exe", "2"}});
  std::string corrupt = tar;
  corrupt[1024 + 3] ^= 0x20;  // the second header's name, after its checksum was made
  CHECK(ListTarNames(corrupt, 100) == Names{"one.txt"});
  // Cut inside an entry's data: its name is still read (the name is what
  // inspection needs), and nothing after it.
  CHECK(ListTarNames(tar.substr(0, 512 + 100), 100) == Names{"one.txt"});
  CHECK(ListTarNames(tar.substr(0, 1024 + 300), 100) == Names{"one.txt"});
  CHECK_FALSE(StartsTar(std::string(512, 'x')));
  CHECK_FALSE(StartsTar(std::string(512, '\0')));
  CHECK_FALSE(StartsTar("short"));
  CHECK(ListTarNames("", 100).empty());
  CHECK(ListTarNames(std::string(4096, '\0'), 100).empty());
}

}  // namespace
}  // namespace ohm
