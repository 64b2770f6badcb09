using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// Opens a PKCS#12 (.pfx, .p12) file in managed code with BouncyCastle: AES-256 with PBKDF2 (OpenSSL 3, Windows
    /// Server 2019 and later), PBE-SHA1-3DES (older Windows, .NET's Export) and PBE-SHA1-RC2-40 (legacy Windows
    /// exports) alike, on every platform, and never through the operating system's key store. Untrusted input costs
    /// bounded work: every key derivation is judged against a ceiling before it runs (<see cref="PasswordEncryption"/>),
    /// the whole file against a budget, the password is checked once by the MAC, each bag is decrypted once, several
    /// keys are found before any key is decrypted, and Ctrl+C is honoured between the steps. Nothing of the
    /// library's types leaves here.
    /// </summary>
    internal static class Pkcs12Decoder
    {
        /// <summary>The most key-derivation iterations one file may cost in all: its MAC, its encrypted safes and its key.</summary>
        public const long MaximumFileIterations = 3L * PasswordEncryption.MaximumIterations;

        public enum Outcome
        {
            Opened,
            WrongPassword,
            Damaged,
        }

        /// <param name="passwords">The passwords to try, in order (the one given, then the empty one); the MAC picks one.</param>
        /// <param name="contents">Every certificate (DER, in file order, no duplicates) and every key (PKCS#8 DER).</param>
        /// <exception cref="CertificateInputException">Too costly, an encryption this module does not open, several keys, or too many certificates.</exception>
        /// <exception cref="OperationCanceledException">Ctrl+C.</exception>
        public static Outcome TryOpen(byte[] pfx, IReadOnlyList<char[]> passwords, string source, CancellationToken cancellation, out Pkcs12Contents? contents)
        {
            contents = null;
            Pfx parsed;
            ContentInfo[] safes;
            byte[] authenticatedSafe;
            try
            {
                parsed = Pfx.GetInstance(Asn1Object.FromByteArray(pfx));
                authenticatedSafe = Asn1OctetString.GetInstance(parsed.AuthSafe.Content).GetOctets();
                safes = AuthenticatedSafe.GetInstance(authenticatedSafe).GetContentInfo();
            }
            catch (Exception e) when (IsStructural(e))
            {
                return Outcome.Damaged;
            }

            // Everything the file will cost is known from its structure: judged before any derivation runs.
            var budget = new Budget(source);
            if (parsed.MacData != null)
            {
                budget.Spend(PasswordEncryption.JudgeMac(parsed.MacData.IterationCount), "a PKCS#12 file");
            }

            var plainBags = new List<SafeBag>();
            var encryptedSafes = new List<EncryptedData>();
            try
            {
                foreach (ContentInfo info in safes)
                {
                    if (info.ContentType.Equals(PkcsObjectIdentifiers.EncryptedData))
                    {
                        EncryptedData encrypted = EncryptedData.GetInstance(info.Content);
                        budget.Spend(PasswordEncryption.Judge(encrypted.EncryptionAlgorithm), "a PKCS#12 file");
                        encryptedSafes.Add(encrypted);
                    }
                    else
                    {
                        plainBags.AddRange(Bags(Asn1OctetString.GetInstance(info.Content).GetOctets()));
                    }
                }
            }
            catch (Exception e) when (IsStructural(e))
            {
                return Outcome.Damaged;
            }

            RefuseSeveralKeys(plainBags, source); // before any decryption, where the plain safes show them
            Password? password;
            try
            {
                JudgeKeys(plainBags, budget);
                cancellation.ThrowIfCancellationRequested();
                password = ChoosePassword(parsed, authenticatedSafe, passwords, cancellation);
            }
            catch (Exception e) when (IsStructural(e))
            {
                return Outcome.Damaged;
            }

            if (password == null)
            {
                return Outcome.WrongPassword;
            }

            var bags = new List<SafeBag>(plainBags);
            try
            {
                foreach (EncryptedData encrypted in encryptedSafes)
                {
                    cancellation.ThrowIfCancellationRequested();
                    byte[]? content = password.Decrypt(encrypted.EncryptionAlgorithm, encrypted.Content.GetOctets(), cancellation);
                    if (content == null)
                    {
                        return Outcome.WrongPassword; // no MAC said so before: the first decryption does
                    }

                    bags.AddRange(Bags(content));
                }
            }
            catch (Exception e) when (IsStructural(e))
            {
                return Outcome.Damaged;
            }

            RefuseSeveralKeys(bags, source); // keys kept inside encrypted safes, still before a key is decrypted
            try
            {
                JudgeKeys(bags.Skip(plainBags.Count).ToList(), budget);
            }
            catch (Exception e) when (IsStructural(e))
            {
                return Outcome.Damaged;
            }

            var certificates = new List<byte[]>();
            var keys = new List<byte[]>();
            try
            {
                foreach (SafeBag bag in bags)
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (!Read(bag, password, certificates, keys, cancellation))
                    {
                        keys.ForEach(k => Array.Clear(k, 0, k.Length));
                        return Outcome.WrongPassword;
                    }

                    if (certificates.Count > CertificateChainReader.MaximumCertificates)
                    {
                        keys.ForEach(k => Array.Clear(k, 0, k.Length));
                        throw CertificateChainReader.TooMany(source);
                    }
                }
            }
            catch (Exception e) when (IsStructural(e))
            {
                keys.ForEach(k => Array.Clear(k, 0, k.Length));
                return Outcome.Damaged;
            }

            contents = new Pkcs12Contents(certificates, keys);
            return Outcome.Opened;
        }

        /// <summary>
        /// The password the MAC accepts (the given one, else the empty one, each in both encodings an empty password has),
        /// at one derivation per try; without a MAC, the first one, and the decryption tells.
        /// </summary>
        private static Password? ChoosePassword(Pfx parsed, byte[] authenticatedSafe, IReadOnlyList<char[]> passwords, CancellationToken cancellation)
        {
            MacData? mac = parsed.MacData;
            if (mac == null || !PasswordEncryption.CanCheckMac(mac))
            {
                return new Password(passwords[0], wrongZero: false);
            }

            foreach (char[] candidate in passwords)
            {
                foreach (bool wrongZero in candidate.Length == 0 ? new[] { false, true } : new[] { false })
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (PasswordEncryption.MacMatches(mac, authenticatedSafe, candidate, wrongZero))
                    {
                        return new Password(candidate, wrongZero);
                    }
                }
            }

            return null;
        }

        private static void JudgeKeys(List<SafeBag> bags, Budget budget)
        {
            foreach (SafeBag bag in bags.Where(b => b.BagID.Equals(PkcsObjectIdentifiers.Pkcs8ShroudedKeyBag)))
            {
                budget.Spend(PasswordEncryption.Judge(EncryptedPrivateKeyInfo.GetInstance(bag.BagValue).EncryptionAlgorithm), "a PKCS#12 file");
            }
        }

        private static void RefuseSeveralKeys(List<SafeBag> bags, string source)
        {
            int keys = bags.Count(b => b.BagID.Equals(PkcsObjectIdentifiers.Pkcs8ShroudedKeyBag) || b.BagID.Equals(PkcsObjectIdentifiers.KeyBag));
            if (keys > 1)
            {
                throw new CertificateInputException(
                    IssueIds.AmbiguousPkcs12,
                    $"{source} holds {keys} private keys; a certificate has exactly one. Export the one certificate you mean with its key. (No key was decrypted.)",
                    source);
            }
        }

        private static IEnumerable<SafeBag> Bags(byte[] safeContents) =>
            Asn1Sequence.GetInstance(safeContents).Cast<Asn1Encodable>().Select(SafeBag.GetInstance).ToList();

        /// <returns>False when the password does not open a key bag.</returns>
        private static bool Read(SafeBag bag, Password password, List<byte[]> certificates, List<byte[]> keys, CancellationToken cancellation)
        {
            if (bag.BagID.Equals(PkcsObjectIdentifiers.CertBag))
            {
                CertBag certificate = CertBag.GetInstance(bag.BagValue);
                byte[] der = Asn1OctetString.GetInstance(certificate.CertValue).GetOctets();
                if (certificate.CertID.Equals(PkcsObjectIdentifiers.X509Certificate) && !certificates.Any(c => c.SequenceEqual(der)))
                {
                    certificates.Add(der);
                }
            }
            else if (bag.BagID.Equals(PkcsObjectIdentifiers.Pkcs8ShroudedKeyBag))
            {
                EncryptedPrivateKeyInfo encrypted = EncryptedPrivateKeyInfo.GetInstance(bag.BagValue);
                byte[]? key = password.Decrypt(encrypted.EncryptionAlgorithm, encrypted.GetEncryptedData(), cancellation);
                if (key == null)
                {
                    return false;
                }

                try
                {
                    keys.Add(Org.BouncyCastle.Asn1.Pkcs.PrivateKeyInfo.GetInstance(key).GetEncoded());
                }
                finally
                {
                    Array.Clear(key, 0, key.Length);
                }
            }
            else if (bag.BagID.Equals(PkcsObjectIdentifiers.KeyBag))
            {
                keys.Add(Org.BouncyCastle.Asn1.Pkcs.PrivateKeyInfo.GetInstance(bag.BagValue).GetEncoded());
            }

            return true;
        }

        private static bool IsStructural(Exception e) =>
            e is ArgumentException || e is InvalidCastException || e is InvalidOperationException || e is FormatException
            || e is System.IO.IOException || e is Asn1Exception || e is IndexOutOfRangeException;

        /// <summary>One password in the encoding the MAC (or the first decryption) confirmed.</summary>
        private sealed class Password
        {
            private readonly char[] _characters;
            private readonly bool _wrongZero;

            public Password(char[] characters, bool wrongZero)
            {
                _characters = characters;
                _wrongZero = wrongZero;
            }

            /// <summary>Null when this password does not open it; an empty one is tried in its other encoding too when no MAC chose.</summary>
            public byte[]? Decrypt(AlgorithmIdentifier algorithm, byte[] data, CancellationToken cancellation) =>
                PasswordEncryption.Decrypt(algorithm, _characters, _wrongZero, data, cancellation)
                ?? (_characters.Length == 0 && !_wrongZero ? PasswordEncryption.Decrypt(algorithm, _characters, true, data, cancellation) : null);
        }

        /// <summary>The work a file may cost, spent as its derivations are judged; refuses the file once it is over.</summary>
        private sealed class Budget
        {
            private readonly string _source;
            private long _spent;

            public Budget(string source)
            {
                _source = source;
            }

            public void Spend(PasswordEncryption.Scheme scheme, string what)
            {
                CertificateInputException? issue = scheme.IssueFor(_source, what);
                if (issue != null)
                {
                    throw issue;
                }

                _spent += scheme.Work;
                if (_spent > MaximumFileIterations)
                {
                    throw new CertificateInputException(
                        IssueIds.KeyDerivationTooCostly,
                        string.Format(CultureInfo.InvariantCulture, "{0} is a PKCS#12 file whose key derivations add up to more than {1:N0} iterations, the most this module spends on one file (a file from Windows or OpenSSL needs about 6,000); it is not opened. Export it again with the tool's default settings.", _source, MaximumFileIterations),
                        _source);
                }
            }
        }
    }
}
