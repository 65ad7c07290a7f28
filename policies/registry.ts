// The pack's policies, in the order the engine runs them. index.ts serves this list; tests and
// the docs generator read it, so importing it never starts a server.
//
// The list is kept by hand because its order is seen by users (the order of findings, of
// GetAnalyzerInfo's policies, of the docs' tables and of the contract fixture) and static imports
// keep the compiled pack plain (no directory scan at startup). test/metadata.test.ts fails when a
// policies/rules/*.ts exports a policy that is missing here, or listed twice.
import type { PackPolicy } from "./policy";
import { copySourcePolicy } from "./rules/copySource";
import { httpsHardeningPolicy } from "./rules/httpsHardening";
import { inheritedEncryptionPolicy } from "./rules/inheritedEncryption";
import { secureTransportPolicy } from "./rules/secureTransportPolicy";
import { signatureVersionPolicy } from "./rules/signatureVersion";
import { sseCKeyTransportPolicy } from "./rules/sseCKeyTransport";
import { supportedAlgorithmPolicy } from "./rules/supportedAlgorithm";
import { transferProtocolPolicy } from "./rules/transferProtocol";
import { virtualHostedStylePolicy } from "./rules/virtualHostedStyle";

export const policies: readonly PackPolicy[] = [
    transferProtocolPolicy,
    signatureVersionPolicy,
    supportedAlgorithmPolicy,
    sseCKeyTransportPolicy,
    httpsHardeningPolicy,
    virtualHostedStylePolicy,
    inheritedEncryptionPolicy,
    copySourcePolicy,
    secureTransportPolicy,
];
