-- Milter protocol test with Debian's miltertest against a running ohm-milter.
-- The socket comes from the environment (OHM_MILTER_SOCKET). Checks: an
-- authenticated external client is in scope and tagged with verdict headers;
-- the same client unauthenticated passes untouched; a hold is a quarantine;
-- an abort between messages on a reused connection leaves no state behind.
local sock = os.getenv("OHM_MILTER_SOCKET")

local function check(cond, what)
  if not cond then
    mt.echo("FAILED: " .. what)
    error(what)
  end
end

local function message(conn, auth, headers, body)
  if auth ~= nil then
    mt.macro(conn, SMFIC_MAIL, "i", "QID" .. auth, "{auth_authen}", auth)
  else
    mt.macro(conn, SMFIC_MAIL, "i", "QIDANON")
  end
  check(mt.mailfrom(conn, "<alice@example.com>") == nil, "mailfrom failed")
  check(mt.getreply(conn) == SMFIR_CONTINUE, "mailfrom reply")
  check(mt.rcptto(conn, "<bob@example.net>") == nil, "rcptto failed")
  check(mt.getreply(conn) == SMFIR_CONTINUE, "rcptto reply")
  for _, h in ipairs(headers) do
    check(mt.header(conn, h[1], h[2]) == nil, "header failed")
  end
  check(mt.eoh(conn) == nil, "eoh failed")
  return mt.getreply(conn)
end

local conn = mt.connect(sock, 40, 0.25)
check(conn ~= nil, "cannot connect to " .. tostring(sock))
check(mt.conninfo(conn, "mail.client.example", "198.51.100.7") == nil, "conninfo failed")
check(mt.getreply(conn) == SMFIR_CONTINUE, "connect reply")
check(mt.helo(conn, "client.example") == nil, "helo failed")

-- 1. Authenticated, missing Date and Subject: tagged.
local hdrs = {{"From", "Alice <alice@example.com>"}, {"To", "bob@example.net"},
              {"Message-ID", "<mt1@example.com>"}}
check(message(conn, "alice", hdrs) == SMFIR_CONTINUE, "eoh reply (in scope)")
check(mt.bodystring(conn, "Hello Bob,\r\nminutes attached.\r\n") == nil, "body failed")
check(mt.eom(conn) == nil, "eom failed")
check(mt.getreply(conn) == SMFIR_CONTINUE, "eom reply")
check(mt.eom_check(conn, MT_HDRADD, "X-Ohm-Verdict"), "no X-Ohm-Verdict added")
-- The expected value comes from `ohm check` on the same message (the CLI twin).
local want = os.getenv("OHM_EXPECT_VERDICT")
check(mt.eom_check(conn, MT_HDRADD, "X-Ohm-Verdict", want), "X-Ohm-Verdict is not " .. tostring(want))

-- 2. An abort in the middle of a message, then the next one on the same connection.
check(message(conn, "alice", {{"Subject", "will be aborted"}}) == SMFIR_CONTINUE, "eoh reply before abort")
check(mt.abort(conn) == nil, "abort failed")

-- 3. Same external client, not authenticated: out of scope, accepted at end of headers.
hdrs = {{"From", "alice@example.com"}, {"Message-ID", "<mt2@example.com>"}}
check(message(conn, nil, hdrs) == SMFIR_ACCEPT, "out-of-scope message not accepted at eoh")

-- 4. Authenticated, every required header missing: held (quarantine) with the reason.
check(message(conn, "alice", {{"X-Mailer", "bulk"}}) == SMFIR_CONTINUE, "eoh reply (hold)")
check(mt.bodystring(conn, "text\r\n") == nil, "body failed")
check(mt.eom(conn) == nil, "eom failed")
check(mt.eom_check(conn, MT_QUARANTINE), "no quarantine for a hold-worthy message")
check(mt.eom_check(conn, MT_HDRADD, "X-Ohm-Score"), "held message lacks X-Ohm-Score")

mt.disconnect(conn)
mt.echo("1 passed, 0 failed")
