#include "parse/zip_members.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "zip_writer.h"

namespace ohm {
namespace {

using testing::Zip;
using testing::ZipEntry;

TEST_CASE("the central directory lists each member with its method, size and data") {
  std::string text(5000, 'a');
  std::string zip = Zip({{"notes.txt", "plain"}, {"big.txt", text, 0, true}, {"locked.pdf", "xx", 1}});
  std::vector<ZipMember> members = ListZipMembers(zip, 10);
  REQUIRE(members.size() == 3);
  CHECK(members[0].name == "notes.txt");
  CHECK(members[0].method == 0);
  CHECK(members[0].data == "plain");
  CHECK(members[1].name == "big.txt");
  CHECK(members[1].method == 8);
  CHECK(members[1].size == 5000);
  CHECK(members[1].data.size() < 100);  // deflated
  CHECK(members[2].encrypted);
  CHECK(ListZipMembers(zip, 2).size() == 2);
}

TEST_CASE("stored and deflated members read back, cut at the asked length") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "line " + std::to_string(i) + "\n";
  std::string zip = Zip({{"a.txt", "stored bytes"}, {"b.txt", text, 0, true}});
  std::vector<ZipMember> members = ListZipMembers(zip, 10);
  REQUIRE(members.size() == 2);
  std::string out;
  CHECK(ReadZipMember(members[0], 100, &out));
  CHECK(out == "stored bytes");
  CHECK(ReadZipMember(members[1], 1 << 20, &out));
  CHECK(out == text);
  CHECK(ReadZipMember(members[1], 10, &out));
  CHECK(out == text.substr(0, 10));
}

TEST_CASE("encrypted, unknown-method and corrupt members are not read") {
  std::string zip = Zip({{"secret.doc", "xxxx", 1}});
  std::string out = "left over";
  CHECK_FALSE(ReadZipMember(ListZipMembers(zip, 1).at(0), 100, &out));
  CHECK(out.empty());
  ZipMember bzip2{"x.bin", 12, false, 10, "BZh91AY"};
  CHECK_FALSE(ReadZipMember(bzip2, 100, &out));
  ZipMember garbage{"x.bin", 8, false, 10, "\xff\xff\xff\xff"};
  CHECK_FALSE(ReadZipMember(garbage, 100, &out));
  ZipMember zip64{"x.bin", 0, false, 0xFFFFFFFF, "data"};
  CHECK_FALSE(ReadZipMember(zip64, 100, &out));
}

TEST_CASE("a cut archive, a damaged directory or any cut of one lists only what is there") {
  std::string zip = Zip({{"one.zip", std::string(300, 'z'), 0, true}, {"two.txt", "two"}});
  CHECK(ListZipMembers(zip.substr(0, zip.size() - 30), 10).empty());  // end record cut away
  CHECK(ListZipMembers("PK\x05\x06", 10).empty());
  CHECK(ListZipMembers("", 10).empty());
  // Every cut and every single-byte change: no crash, no read outside the bytes.
  std::string out;
  for (size_t cut = 0; cut <= zip.size(); ++cut) {
    for (const ZipMember& m : ListZipMembers(std::string_view(zip).substr(0, cut), 10)) ReadZipMember(m, 1 << 16, &out);
  }
  for (size_t at = 0; at < zip.size(); ++at) {
    std::string changed = zip;
    changed[at] = static_cast<char>(changed[at] ^ 0xA5);
    for (const ZipMember& m : ListZipMembers(changed, 10)) {
      if (!m.data.empty()) {  // empty when the local header is not found
        CHECK(m.data.data() >= changed.data());
        CHECK(m.data.data() + m.data.size() <= changed.data() + changed.size());
      }
      ReadZipMember(m, 1 << 16, &out);
    }
  }
}

TEST_CASE("a member that inflates far past its size is read only to the asked length") {
  std::string bomb(8 << 20, '\0');
  std::string zip = Zip({{"bomb.zip", bomb, 0, true}});
  std::vector<ZipMember> members = ListZipMembers(zip, 1);
  REQUIRE(members.size() == 1);
  CHECK(zip.size() < 20000);
  std::string out;
  CHECK(ReadZipMember(members[0], 4096, &out));
  CHECK(out.size() == 4096);
}

}  // namespace
}  // namespace ohm
