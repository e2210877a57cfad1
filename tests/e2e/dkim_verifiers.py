"""Two independent DKIM verifiers for the tests, both answering key queries
from a stub instead of DNS: python3-dkim (dkim.verify with a dnsfunc) and Perl
Mail::DKIM (Mail::DKIM::DNS::query replaced). Each returns one result per
DKIM-Signature field: "pass" or "fail: detail"."""

import json
import os
import re
import subprocess
import tempfile

PERL_VERIFIER = r'''
use strict;
use warnings;
use JSON::PP;
use Net::DNS;
use Mail::DKIM::Verifier;
my ($records_file, $message_file) = @ARGV;
open(my $rf, '<', $records_file) or die;
my $records = decode_json(do { local $/; <$rf> });
no warnings 'redefine';
*Mail::DKIM::DNS::query = sub {
    my ($name, $type) = @_;
    my $txt = $records->{lc $name};
    if (!defined $txt) { $@ = 'NXDOMAIN'; return; }
    my @strings = ($txt =~ /(.{1,255})/gs);
    return (Net::DNS::RR->new(owner => $name, type => 'TXT', txtdata => [@strings]));
};
open(my $mf, '<:raw', $message_file) or die;
my $dkim = Mail::DKIM::Verifier->new();
while (read($mf, my $buf, 65536)) { $dkim->PRINT($buf); }
$dkim->CLOSE();
foreach my $sig ($dkim->signatures) {
    my $r = $sig->result;
    print $r eq 'pass' ? "pass\n" : "fail: $r " . ($sig->result_detail // '') . "\n";
}
'''


def _wire(message: bytes) -> bytes:
    """The message as SMTP carries it: CRLF line ends."""
    return re.sub(rb'(?<!\r)\n', b'\r\n', message)


def signature_count(message: bytes) -> int:
    head = _wire(message).split(b'\r\n\r\n', 1)[0]
    return sum(1 for line in head.split(b'\r\n') if line.lower().startswith(b'dkim-signature:'))


def verify_python(message: bytes, records: dict) -> list:
    import dkim  # python3-dkim (Debian), under /usr/bin/python3

    def dnsfunc(name, timeout=5):
        return records.get(name.decode().rstrip('.').lower(), '').encode() or None

    wire = _wire(message)
    d = dkim.DKIM(wire)
    out = []
    for i in range(signature_count(wire)):
        try:
            ok = d.verify(idx=i, dnsfunc=dnsfunc)
        except dkim.DKIMException as e:
            out.append('fail: %s' % e)
            continue
        out.append('pass' if ok else 'fail')
    return out


def verify_perl(message: bytes, records: dict) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        rec = os.path.join(tmp, 'records.json')
        msg = os.path.join(tmp, 'message.eml')
        script = os.path.join(tmp, 'verify.pl')
        with open(rec, 'w') as f:
            json.dump({k.lower(): v for k, v in records.items()}, f)
        with open(msg, 'wb') as f:
            f.write(_wire(message))
        with open(script, 'w') as f:
            f.write(PERL_VERIFIER)
        run = subprocess.run(['perl', script, rec, msg], capture_output=True, text=True, check=True)
        return run.stdout.splitlines()


def perl_available() -> bool:
    return subprocess.run(['perl', '-MMail::DKIM::Verifier', '-MNet::DNS', '-e', '1'],
                          capture_output=True).returncode == 0


def perl_version() -> str:
    run = subprocess.run(['perl', '-MMail::DKIM', '-e', 'print $Mail::DKIM::VERSION'], capture_output=True, text=True)
    return run.stdout.strip()


def parse_keygen_output(text: str) -> dict:
    """{dns name: TXT record} from `ohm keygen` output (zone file line)."""
    records = {}
    for line in text.splitlines():
        m = re.match(r'(\S+)\. IN TXT \((.*)\)$', line)
        if m:
            records[m.group(1).lower()] = ''.join(re.findall(r'"([^"]*)"', m.group(2)))
    return records
