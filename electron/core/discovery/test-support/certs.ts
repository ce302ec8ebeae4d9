import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

// Test-only: certificates made with the machine's openssl (Node has no generator). A private CA lets the
// tests tell "expired" and "wrong host name" apart from "untrusted": the CA is trusted through the fetcher's
// `ca` option, never process-wide.

export interface TestCerts {
  caCert: string
  /** self-signed, valid, for 127.0.0.1 */
  selfSigned: { key: string; cert: string }
  /** signed by the CA, valid, for 127.0.0.1 */
  valid: { key: string; cert: string }
  /** signed by the CA for 127.0.0.1, valid only on 2020-01-01 */
  expired: { key: string; cert: string }
  /** signed by the CA, valid, but for other.example only */
  wrongHost: { key: string; cert: string }
}

const REQ_CONFIG = `[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ self_ext ]
basicConstraints = CA:FALSE
subjectAltName = IP:127.0.0.1, DNS:localhost
`

const EXT_CONFIG = `[ local ]
basicConstraints = CA:FALSE
subjectAltName = IP:127.0.0.1, DNS:localhost
[ other ]
basicConstraints = CA:FALSE
subjectAltName = DNS:other.example
`

export function makeTestCerts(dir: string): TestCerts {
  mkdirSync(dir, { recursive: true })
  const file = (name: string) => join(dir, name)
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  writeFileSync(file('req.cnf'), REQ_CONFIG)
  writeFileSync(file('ext.cnf'), EXT_CONFIG)

  const selfSigned = (name: string, subject: string, extension: string) =>
    openssl(
      'req',
      '-x509',
      '-config',
      'req.cnf',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-subj',
      subject,
      '-extensions',
      extension,
    )
  selfSigned('ca', '/CN=WOPI Desk Test CA', 'ca_ext')
  selfSigned('self', '/CN=127.0.0.1', 'self_ext')

  const request = (name: string, subject: string) =>
    openssl(
      'req',
      '-new',
      '-config',
      'req.cnf',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    )
  const sign = (name: string, extension: string) =>
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-set_serial',
      String(Date.now()),
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
      '-extensions',
      extension,
    )
  request('valid', '/CN=127.0.0.1')
  sign('valid', 'local')
  request('other', '/CN=other.example')
  sign('other', 'other')

  // Dates in the past need `openssl ca` on OpenSSL 3.0 (x509 -req has no start/end date options there).
  request('expired', '/CN=127.0.0.1')
  mkdirSync(file('newcerts'), { recursive: true })
  writeFileSync(file('index.txt'), '')
  writeFileSync(file('serial'), '1000\n')
  writeFileSync(
    file('ca.cnf'),
    `[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ${dir}
database = ${file('index.txt')}
new_certs_dir = ${file('newcerts')}
serial = ${file('serial')}
default_md = sha256
policy = any
unique_subject = no
x509_extensions = local
[ any ]
commonName = supplied
[ local ]
basicConstraints = CA:FALSE
subjectAltName = IP:127.0.0.1, DNS:localhost
`,
  )
  openssl(
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'ca.crt',
    '-keyfile',
    'ca.key',
    '-in',
    'expired.csr',
    '-out',
    'expired.crt',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
    '-notext',
  )

  const pair = (name: string) => ({ key: readFileSync(file(`${name}.key`), 'utf8'), cert: readFileSync(file(`${name}.crt`), 'utf8') })
  return {
    caCert: readFileSync(file('ca.crt'), 'utf8'),
    selfSigned: pair('self'),
    valid: pair('valid'),
    expired: pair('expired'),
    wrongHost: pair('other'),
  }
}
