using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Cluster;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Decides, before anything is sent, whether the cluster would accept each certificate: readable PEM, a chain
    /// in order and signed link by link, a key that belongs to the leaf, dates that are current, and a key only
    /// where the name takes one. Also warns about what the cluster accepts but an operator should fix.
    /// Shared by Set-RECertificate, Update-RECertificateLegacy and any Test cmdlet.
    /// </summary>
    internal sealed class CertificateValidator
    {
        public const int ExpiryWarningDays = 30;
        public const int MinimumRsaBits = 2048;
        private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
        private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

        private readonly Func<DateTime> _utcNow;

        /// <param name="utcNow">The clock, injectable so tests can place certificates in time.</param>
        public CertificateValidator(Func<DateTime>? utcNow = null)
        {
            _utcNow = utcNow ?? (() => DateTime.UtcNow);
        }

        /// <summary>The verdict on a whole set, offline: its pairing issues, then each input checked in turn.</summary>
        /// <param name="validating">Told (index, count, input) before each input is checked, for a progress bar.</param>
        public CertificateValidationReport Validate(CertificateSet set, Action<int, int, CertificateInput>? validating) =>
            Validate(set, null, validating);

        /// <summary>
        /// The verdict on a whole set for one cluster: everything offline validation checks, plus what depends on the
        /// cluster (names, known defects of its version, cipher suites). One call per cluster the set goes to.
        /// </summary>
        /// <param name="target">The cluster; null checks offline only.</param>
        public CertificateValidationReport Validate(CertificateSet set, ClusterTarget? target = null, Action<int, int, CertificateInput>? validating = null)
        {
            var results = new List<CertificateTestResult>(set.Inputs.Count);
            for (int i = 0; i < set.Inputs.Count; i++)
            {
                validating?.Invoke(i, set.Inputs.Count, set.Inputs[i]);
                results.Add(Validate(set.Inputs[i], target));
            }

            return new CertificateValidationReport(set.Issues, results);
        }

        public CertificateTestResult Validate(CertificateInput input, ClusterTarget? target = null)
        {
            var check = new Check(input);
            DateTime now = _utcNow();
            RECertificate? summary = null;

            if (!CertificateNames.IsValidName(input.Name))
            {
                check.Error(IssueIds.InvalidCertificateName, FailureKind.InvalidArgument,
                    $"'{input.Name}' ({input.Origin}) is not a valid certificate name: use lower-case letters, digits and '_' only, such as proxy or metrics_exporter.");
                return check.Result(null);
            }

            if (!CertificateNames.IsKnown(input.Name) && input.NamedByFile)
            {
                // A file called cert.pem or fullchain.pem: nobody meant a certificate of that name. Reported with the
                // input's other problems (it is still read and checked), never instead of them.
                check.Error(IssueIds.UnknownCertificateName, FailureKind.InvalidArgument,
                    $"The name of '{input.CertificatePath}' gives certificate name '{input.Name}', which this module does not know ({string.Join(", ", CertificateNames.All)}).{CertificateNames.Suggestion(input.Name)} Give -Name with the certificate's name, or rename the file (for example proxy.pem).");
            }
            else if (!CertificateNames.IsKnown(input.Name))
            {
                check.Warning(IssueIds.UnknownCertificateName,
                    $"{input.Description}: '{input.Name}' is not a certificate name this module knows ({string.Join(", ", CertificateNames.All)}); a newer cluster may know it, an older one will refuse it.{CertificateNames.Suggestion(input.Name)} Check the spelling.");
            }

            X509Certificate2[] chain;
            try
            {
                chain = CertificateChainReader.Read(input.CertificatePem, input.Description);
            }
            catch (CertificateInputException e)
            {
                check.Add(e.Issue, isError: true);
                return check.Result(null);
            }

            X509Certificate2 leaf = chain[0];
            summary = RECertificate.FromChain(input.Name, chain, input.CertificatePem, input.Key != null, now);
            // mtls_trusted_ca lists the CAs trusted for client certificates: a bundle, related or not, not a chain.
            if (CertificateNames.Normalize(input.Name) != CertificateNames.MtlsTrustedCa)
            {
                if (!CheckRepeatsAndLoops(chain, check))
                {
                    CheckChain(chain, check);
                    if (ChainCompleteness.Check(chain, input.Description) is string incomplete)
                    {
                        check.Warning(IssueIds.ChainIncomplete, incomplete);
                    }
                }
            }

            CheckLeafIsNoAuthority(leaf, check);

            CheckDates(leaf, summary, now, check);
            CheckUsage(leaf, check);
            CheckKey(leaf, check);
            if (target != null)
            {
                foreach ((bool isError, ValidationIssue issue) in ClusterFit.Check(input, chain, target))
                {
                    check.Add(issue, isError);
                }
            }

            return check.Result(summary);
        }

        /// <summary>
        /// A chain that holds one certificate twice, or whose last certificate was issued by one before it (A issued
        /// by B issued by A), passes link by link but is no chain: refused, naming the certificates. True when refused.
        /// </summary>
        private static bool CheckRepeatsAndLoops(X509Certificate2[] chain, Check check)
        {
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < chain.Length; i++)
            {
                if (seen.TryGetValue(chain[i].Thumbprint, out int first))
                {
                    check.Error(IssueIds.ChainRepeatsCertificate, FailureKind.InvalidData,
                        $"{check.Input.Description}: certificates {first + 1} and {i + 1} of the chain are the same ('{chain[i].Subject}', thumbprint {chain[i].Thumbprint}); a chain holds each certificate once. Remove the repeated one.");
                    return true;
                }

                seen[chain[i].Thumbprint] = i;
            }

            // A loop is a chain whose every link holds and whose last certificate goes back to one before it; where a
            // link fails, the chain is out of order or broken, which CheckChain says.
            X509Certificate2 last = chain[chain.Length - 1];
            if (chain.Length > 1 && EveryLinkHolds(chain) && !CertificateSignature.IsIssuedBy(last, last))
            {
                for (int i = 0; i < chain.Length - 1; i++)
                {
                    if (CertificateSignature.NamesMatch(last, chain[i]) && CertificateSignature.VerifiesWith(last, chain[i]) == true)
                    {
                        check.Error(IssueIds.ChainLoops, FailureKind.InvalidData,
                            $"{check.Input.Description}: the chain loops: its last certificate ('{last.Subject}', thumbprint {last.Thumbprint}) was issued by certificate {i + 1} ('{chain[i].Subject}', thumbprint {chain[i].Thumbprint}), so it never reaches a root. Send the leaf and the intermediates up to the root's issuer only.");
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool EveryLinkHolds(X509Certificate2[] chain)
        {
            for (int i = 0; i < chain.Length - 1; i++)
            {
                if (!CertificateSignature.NamesMatch(chain[i], chain[i + 1]) || CertificateSignature.VerifiesWith(chain[i], chain[i + 1]) != true)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A CA certificate (basic constraints CA) as the leaf of a name that clients or nodes connect to is a
        /// mistake (the issuer was exported instead of the certificate it issued): refused. The trust anchors
        /// (mtls_trusted_ca, sso_issuer) are CA certificates by nature and are not checked.
        /// </summary>
        private static void CheckLeafIsNoAuthority(X509Certificate2 leaf, Check check)
        {
            if (!CertificateNames.IsRequired(check.Input.Name)
                || !(leaf.Extensions["2.5.29.19"] is X509BasicConstraintsExtension constraints) || !constraints.CertificateAuthority)
            {
                return;
            }

            check.Error(IssueIds.LeafIsCertificateAuthority, FailureKind.InvalidData,
                $"{check.Input.Description}: its first certificate ('{leaf.Subject}', thumbprint {leaf.Thumbprint}) is a certificate authority (basic constraints CA), not a certificate for '{CertificateNames.Normalize(check.Input.Name)}'. Put the certificate issued for the cluster first, then its issuers.");
        }

        private static void CheckChain(X509Certificate2[] chain, Check check)
        {
            int firstBadLink = -1;
            for (int i = 0; i + 1 < chain.Length && firstBadLink < 0; i++)
            {
                if (!CertificateSignature.IsIssuedBy(chain[i], chain[i + 1]))
                {
                    firstBadLink = i;
                }
            }

            if (firstBadLink < 0)
            {
                return;
            }

            List<X509Certificate2>? ordered = ChainOrder.Find(chain);
            if (ordered != null)
            {
                check.Error(IssueIds.ChainOutOfOrder, FailureKind.InvalidData,
                    $"{check.Input.Description}: the chain is out of order; the cluster needs the leaf first, then each issuer. Reorder it as: {string.Join(" -> ", ordered.Select(c => "'" + c.Subject + "'"))}.");
                return;
            }

            X509Certificate2 child = chain[firstBadLink];
            X509Certificate2 next = chain[firstBadLink + 1];
            string why = CertificateSignature.NamesMatch(child, next) ? "names it as issuer but did not sign it" : "did not issue it";
            check.Error(IssueIds.ChainBroken, FailureKind.InvalidData,
                $"{check.Input.Description}: certificate {firstBadLink + 2} of the chain ('{next.Subject}') {why} ('{child.Subject}'); the chain must hold the leaf and the intermediates that signed it. Replace the unrelated certificate with the right intermediate.");
        }

        private static void CheckDates(X509Certificate2 leaf, RECertificate summary, DateTime now, Check check)
        {
            DateTime notAfter = leaf.NotAfter.ToUniversalTime();
            DateTime notBefore = leaf.NotBefore.ToUniversalTime();
            if (notAfter <= now)
            {
                check.Error(IssueIds.CertificateExpired, FailureKind.InvalidData,
                    $"{check.Input.Description} expired on {Day(notAfter)}; the cluster refuses expired certificates. Issue a new one.");
            }
            else if (notBefore > now)
            {
                check.Error(IssueIds.CertificateNotYetValid, FailureKind.InvalidData,
                    $"{check.Input.Description} is not valid before {notBefore.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC; the cluster would refuse it. Wait until then, or check the issuing machine's clock.");
            }
            else if (notAfter - now < TimeSpan.FromDays(ExpiryWarningDays))
            {
                check.Warning(IssueIds.CertificateExpiringSoon,
                    $"{check.Input.Description} expires on {Day(notAfter)}, in {Math.Max(summary.DaysRemaining, 0)} days; plan its replacement.");
            }
        }

        private static void CheckUsage(X509Certificate2 leaf, Check check)
        {
            if (CertificateSignature.IsSha1(leaf))
            {
                check.Warning(IssueIds.Sha1Signature,
                    $"{check.Input.Description} is signed with SHA-1, which clients increasingly refuse; have it reissued with SHA-256.");
            }

            PublicKeyIdentity? key = PublicKeyIdentity.FromCertificate(leaf);
            if (key?.Algorithm == PublicKeyIdentity.RsaAlgorithm && key.KeySize < MinimumRsaBits)
            {
                check.Warning(IssueIds.WeakRsaKey,
                    $"{check.Input.Description} has an RSA {key.KeySize} key; {MinimumRsaBits} bits or more are recommended. Issue it with a larger key.");
            }

            string name = check.Input.Name;
            if (CertificateNames.IsInternode(name) && key?.Algorithm != PublicKeyIdentity.RsaAlgorithm)
            {
                check.Warning(IssueIds.InternodeKeyNotRsa,
                    $"{check.Input.Description} has a {key?.Description ?? "non-RSA"} key, but internode encryption certificates must have RSA keys; issue it with an RSA key.");
            }

            // CA and identity-provider certificates are trust anchors, not TLS endpoints: usage does not apply.
            if (CertificateNames.IsKeyless(name))
            {
                return;
            }

            var usage = leaf.Extensions["2.5.29.37"] as X509EnhancedKeyUsageExtension;
            List<string> present = usage == null ? new List<string>() : usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value ?? "").ToList();
            var missing = new List<string>();
            if (!present.Contains(ServerAuthOid))
            {
                missing.Add("serverAuth");
            }

            if (!present.Contains(ClientAuthOid))
            {
                missing.Add("clientAuth");
            }

            if (missing.Count == 1 && usage != null && missing[0] == "clientAuth")
            {
                // What every certificate from a public ACME CA looks like since 2026: say why, so nobody hunts for a wrong order.
                check.Warning(IssueIds.MissingExtendedKeyUsage,
                    $"{check.Input.Description} lacks the clientAuth extended key usage, which Redis Enterprise's certificate requirements list. Public ACME certificate authorities (such as Let's Encrypt) stopped issuing clientAuth in 2026; where the cluster uses this certificate as a TLS client too, issue it from a CA that still includes clientAuth (for example your own AD CS).");
            }
            else if (missing.Count > 0)
            {
                string has = usage == null ? "has no extended key usage extension" : $"lacks the {string.Join(" and ", missing)} extended key usage";
                check.Warning(IssueIds.MissingExtendedKeyUsage,
                    $"{check.Input.Description} {has}; the cluster's certificates need both serverAuth and clientAuth. Reissue it with both.");
            }
        }

        private static void CheckKey(X509Certificate2 leaf, Check check)
        {
            CertificateInput input = check.Input;
            if (CertificateNames.IsKeyless(input.Name))
            {
                if (input.Key != null)
                {
                    check.Error(IssueIds.PrivateKeyNotAllowed, FailureKind.InvalidArgument,
                        $"{input.Description}: '{input.Name}' holds only a certificate, but a private key came with it ({input.KeyPath ?? input.Origin}). Give the certificate alone.");
                }

                return;
            }

            if (input.Key == null)
            {
                // A key file was found but could not be read (wrong password, damaged): its own error says so.
                if (CertificateNames.IsKnown(input.Name) && input.KeyPath == null)
                {
                    check.Error(IssueIds.PrivateKeyMissing, FailureKind.ObjectNotFound,
                        $"{input.Description} has no private key; '{input.Name}' needs one. Put it in the same file, beside it (for example {CertificateFileName.KeyFileCandidates(input.Name)[0]}), or give -KeyPath or -Key (from another cluster: Get-RECertificate -IncludePrivateKey).");
                }

                return;
            }

            PrivateKeyInfo key;
            try
            {
                key = ReadKey(input);
            }
            catch (CertificateInputException e)
            {
                check.Add(e.Issue, isError: true);
                return;
            }

            PublicKeyIdentity? certificateKey = PublicKeyIdentity.FromCertificate(leaf);
            if (certificateKey == null || key.PublicKey == null)
            {
                if (certificateKey == null || certificateKey.Algorithm == key.Algorithm)
                {
                    check.Warning(IssueIds.KeyMatchNotVerified,
                        $"{input.KeyDescription} could not be compared with the certificate on this system; the cluster will check it.");
                    return;
                }
            }

            if (certificateKey.Algorithm != key.Algorithm || key.PublicKey == null || !certificateKey.Matches(key.PublicKey))
            {
                string detail = certificateKey.Description == key.Description
                    ? $"both are {key.Description}, but they are different keys"
                    : $"the certificate has an {certificateKey.Description} key, the key is {key.Description}";
                check.Error(IssueIds.KeyMismatch, FailureKind.InvalidData,
                    $"{input.KeyDescription} does not belong to the certificate ({detail}). Give the key the certificate was issued for.");
            }
        }

        private static PrivateKeyInfo ReadKey(CertificateInput input)
        {
            char[] text = SecretText.ToChars(input.Key!);
            List<PemBlock>? blocks = null;
            try
            {
                blocks = PemReader.Read(text, input.KeyDescription);
                PemBlock? block = blocks.FirstOrDefault(b => b.IsPrivateKey || b.IsEncryptedPrivateKey);
                if (block == null)
                {
                    throw new CertificateInputException(IssueIds.InvalidPrivateKey, $"{input.KeyDescription} holds no private key block (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY).", input.Target);
                }

                return PrivateKeyReader.Read(block, input.KeyDescription);
            }
            finally
            {
                blocks?.ForEach(b => b.Clear());
                Array.Clear(text, 0, text.Length);
            }
        }

        private static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        /// <summary>The issues gathered for one input, targeted at its file or name.</summary>
        private sealed class Check
        {
            private readonly List<ValidationIssue> _errors = new List<ValidationIssue>();
            private readonly List<ValidationIssue> _warnings = new List<ValidationIssue>();

            public Check(CertificateInput input) => Input = input;

            public CertificateInput Input { get; }

            public void Error(string id, FailureKind category, string message) =>
                _errors.Add(new ValidationIssue(id, message, Input.Target, category));

            public void Warning(string id, string message) =>
                _warnings.Add(new ValidationIssue(id, message, Input.Target, FailureKind.InvalidData));

            public void Add(ValidationIssue issue, bool isError) => (isError ? _errors : _warnings).Add(issue);

            public CertificateTestResult Result(RECertificate? certificate) =>
                new CertificateTestResult(Input.Name, Input.CertificatePath, _errors, _warnings, certificate);
        }
    }
}
