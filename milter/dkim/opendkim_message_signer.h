// The libopendkim signing engine (dkim.engine = "libopendkim"): the reference
// implementation ohm's own signer is tested against. libopendkim takes a
// private key only as PEM/DER text and parses it for every message.
#ifndef OHM_DKIM_OPENDKIM_MESSAGE_SIGNER_H_
#define OHM_DKIM_OPENDKIM_MESSAGE_SIGNER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dkim/dkim_settings.h"
#include "dkim/dkim_signer.h"
#include "dkim/key_material.h"

struct dkim_lib;

namespace ohm {

// Opens a libopendkim library handle set up with the settings' signed and
// oversigned header lists (which must outlive the handle). nullptr with *error.
struct dkim_lib* OpenOpendkimLibrary(const DkimSettings& settings, std::string* error);
// Closes a handle from OpenOpendkimLibrary (null is fine).
void CloseOpendkimLibrary(struct dkim_lib* lib);
// Fixes the signing time (t=) of every later signature; 0 = the clock.
void SetOpendkimFixedTime(struct dkim_lib* lib, uint64_t seconds);

// Starts signing one message with `keys`; `id` names it in libopendkim's
// errors. Returns nullptr with *error on failure.
std::unique_ptr<MessageSigner> StartOpendkimSigner(struct dkim_lib* lib, const DkimSettings& settings,
                                                   const std::vector<const SigningKey*>& keys, const std::string& id,
                                                   std::string* error);

}  // namespace ohm

#endif  // OHM_DKIM_OPENDKIM_MESSAGE_SIGNER_H_
