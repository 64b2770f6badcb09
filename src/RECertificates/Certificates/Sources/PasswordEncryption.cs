using System;
using BigInteger = Org.BouncyCastle.Math.BigInteger;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// Password-based encryption as PKCS#8 keys and PKCS#12 files use it, judged before any work is done: a scheme
    /// this module opens (PBES2 with PBKDF2 or scrypt and AES or 3DES; the PKCS#12 PBE schemes), within a work
    /// ceiling, or a plain statement of what is not supported. Only then is the password tried, so that "wrong
    /// password" is said only when it is. PBKDF2 is computed here, checking Ctrl+C as it goes; the other derivations
    /// are bounded by the ceiling and checked between steps.
    /// </summary>
    internal static class PasswordEncryption
    {
        /// <summary>
        /// The most iterations one key derivation may ask for. Windows writes 2,000, OpenSSL 3 writes 2,048, .NET and
        /// BouncyCastle (and so Posh-ACME) 1,024 to 2,000; even the 600,000 that OWASP advises for stored password
        /// hashes is under it. A million PBKDF2 rounds take about a second here: the bound on what one file can cost.
        /// </summary>
        public const int MaximumIterations = 1_000_000;

        /// <summary>The most memory one scrypt derivation may ask for: 32 MiB, OpenSSL's own default limit (its -scrypt writes 16 MiB).</summary>
        public const long MaximumScryptMemory = 32L * 1024 * 1024;

        private const int MaximumScryptParallelism = 4;

        private static readonly DerObjectIdentifier Scrypt = new DerObjectIdentifier("1.3.6.1.4.1.11591.4.11");

        // PKCS#5 v1.5 (MD2/MD5/SHA-1 with DES or RC2), which the library decrypts.
        private static readonly string[] Pbes1Schemes =
        {
            "1.2.840.113549.1.5.1", "1.2.840.113549.1.5.3", "1.2.840.113549.1.5.4", "1.2.840.113549.1.5.6", "1.2.840.113549.1.5.10", "1.2.840.113549.1.5.11",
        };

        /// <summary>What a scheme costs and whether it can be opened; <see cref="Problem"/> is null when it can.</summary>
        internal sealed class Scheme
        {
            public Scheme(long work, string? problem, bool overLimit = false)
            {
                Work = work;
                Problem = problem;
                OverLimit = overLimit;
            }

            /// <summary>The problem is a cost above the module's ceiling (not an unknown scheme).</summary>
            public bool OverLimit { get; }

            /// <summary>The issue for <paramref name="source"/> ("'/certs/proxy.key' holds an encrypted private key that ..."); null when none.</summary>
            public CertificateInputException? IssueFor(string source, string what) => Problem == null ? null : new CertificateInputException(
                OverLimit ? IssueIds.KeyDerivationTooCostly : IssueIds.EncryptedPrivateKey,
                $"{source} holds {what} that {Problem}.",
                source);

            /// <summary>The derivation's iterations (scrypt: its N times r times p, which costs about as much).</summary>
            public long Work { get; }

            /// <summary>Why it is not opened: "uses PBKDF2 with 4000000 iterations, more than ..."; null when it is.</summary>
            public string? Problem { get; }
        }

        /// <summary>Judges an encryption algorithm without deriving anything.</summary>
        public static Scheme Judge(AlgorithmIdentifier algorithm)
        {
            try
            {
                DerObjectIdentifier oid = algorithm.Algorithm;
                if (oid.Equals(PkcsObjectIdentifiers.IdPbeS2))
                {
                    PbeS2Parameters parameters = PbeS2Parameters.GetInstance(algorithm.Parameters);
                    if (KeyBytesOf(parameters.EncryptionScheme.Algorithm.Id) == 0)
                    {
                        return new Scheme(0, $"is encrypted with a cipher this module does not open ({KnownName(parameters.EncryptionScheme.Algorithm.Id)}; it opens AES-128, AES-192, AES-256 and 3DES in CBC mode)");
                    }

                    return JudgeDerivation(parameters.KeyDerivationFunc);
                }

                if (oid.Id.StartsWith("1.2.840.113549.1.12.1.", StringComparison.Ordinal))
                {
                    return Iterations("the PKCS#12 key derivation", Pkcs12PbeParams.GetInstance(algorithm.Parameters).Iterations);
                }

                if (Array.IndexOf(Pbes1Schemes, oid.Id) >= 0)
                {
                    return Iterations("PBES1", PbeParameter.GetInstance(algorithm.Parameters).IterationCount);
                }

                return new Scheme(0, $"is encrypted with a scheme this module does not open ({KnownName(oid.Id)}); it opens PBES2 (PBKDF2 or scrypt, with AES or 3DES) and the PKCS#12 schemes");
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidCastException || e is InvalidOperationException || e is Asn1Exception || e is FormatException)
            {
                return new Scheme(0, "has encryption parameters that are damaged");
            }
        }

        /// <summary>The MAC of a PKCS#12 file (PKCS#12 key derivation with its iteration count).</summary>
        public static Scheme JudgeMac(BigInteger iterations) => Iterations("the PKCS#12 MAC key derivation", iterations);

        /// <summary>
        /// Decrypts with a scheme <see cref="Judge"/> accepted; null when the password does not open it (a padding
        /// that does not check out). <paramref name="wrongPkcs12Zero"/>: the other encoding of an empty password
        /// some tools use with the PKCS#12 schemes.
        /// </summary>
        /// <exception cref="OperationCanceledException">Ctrl+C.</exception>
        public static byte[]? Decrypt(AlgorithmIdentifier algorithm, char[] password, bool wrongPkcs12Zero, byte[] data, CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                if (algorithm.Algorithm.Equals(PkcsObjectIdentifiers.IdPbeS2))
                {
                    return DecryptPbes2(PbeS2Parameters.GetInstance(algorithm.Parameters), password, data, cancellation);
                }

                var cipher = (IBufferedCipher)PbeUtilities.CreateEngine(algorithm);
                cipher.Init(false, PbeUtilities.GenerateCipherParameters(algorithm, password, wrongPkcs12Zero));
                return cipher.DoFinal(data);
            }
            catch (Exception e) when (e is InvalidCipherTextException || e is CryptographicException || e is DataLengthException)
            {
                return null;
            }
        }

        /// <summary>Whether the password opens a PKCS#12 file's MAC (HMAC keyed by the PKCS#12 derivation).</summary>
        public static bool MacMatches(MacData mac, byte[] content, char[] password, bool wrongPkcs12Zero)
        {
            IDigest digest = DigestUtilities.GetDigest(mac.Mac.DigestAlgorithm.Algorithm);
            var generator = new Pkcs12ParametersGenerator(digest);
            byte[] passwordBytes = PbeParametersGenerator.Pkcs12PasswordToBytes(password, wrongPkcs12Zero);
            try
            {
                generator.Init(passwordBytes, mac.GetSalt(), mac.IterationCount.IntValue);
                var key = (KeyParameter)generator.GenerateDerivedMacParameters(digest.GetDigestSize() * 8);
                var hmac = new HMac(digest);
                hmac.Init(key);
                hmac.BlockUpdate(content, 0, content.Length);
                byte[] computed = new byte[hmac.GetMacSize()];
                hmac.DoFinal(computed, 0);
                return Org.BouncyCastle.Utilities.Arrays.FixedTimeEquals(computed, mac.Mac.Digest.GetOctets());
            }
            finally
            {
                Array.Clear(passwordBytes, 0, passwordBytes.Length);
            }
        }

        /// <summary>Whether the file's MAC uses a digest this module can compute (else the decryption decides).</summary>
        public static bool CanCheckMac(MacData mac) => DigestUtilities.GetAlgorithmName(mac.Mac.DigestAlgorithm.Algorithm) != null;

        private static Scheme JudgeDerivation(KeyDerivationFunc derivation)
        {
            if (derivation.Algorithm.Equals(PkcsObjectIdentifiers.IdPbkdf2))
            {
                Pbkdf2Params parameters = Pbkdf2Params.GetInstance(derivation.Parameters);
                if (PrfDigest(parameters) == null)
                {
                    return new Scheme(0, $"derives its key with PBKDF2 and a PRF this module does not know ({KnownName(parameters.Prf.Algorithm.Id)})");
                }

                return Iterations("PBKDF2", parameters.IterationCount);
            }

            if (derivation.Algorithm.Equals(Scrypt))
            {
                Asn1Sequence parameters = Asn1Sequence.GetInstance(derivation.Parameters);
                BigInteger n = DerInteger.GetInstance(parameters[1]).Value;
                BigInteger r = DerInteger.GetInstance(parameters[2]).Value;
                BigInteger p = DerInteger.GetInstance(parameters[3]).Value;
                if (n.SignValue <= 0 || r.SignValue <= 0 || p.SignValue <= 0 || n.BitCount != 1 || n.BitLength < 2)
                {
                    return new Scheme(0, "derives its key with scrypt parameters that are not valid (N a power of two above 1, r and p at least 1)");
                }

                BigInteger memory = BigInteger.ValueOf(128).Multiply(n).Multiply(r);
                if (memory.CompareTo(BigInteger.ValueOf(MaximumScryptMemory)) > 0 || p.IntValue > MaximumScryptParallelism || p.BitLength > 8)
                {
                    return new Scheme(0, $"derives its key with scrypt asking for more than this module allows (at most {MaximumScryptMemory / (1024 * 1024)} MiB, N x r x 128 bytes, and parallelism {MaximumScryptParallelism}; OpenSSL writes 16 MiB)", overLimit: true);
                }

                return new Scheme(n.LongValue * r.LongValue * p.LongValue / 8, null);
            }

            return new Scheme(0, $"derives its key with a function this module does not know ({KnownName(derivation.Algorithm.Id)}; it knows PBKDF2 and scrypt)");
        }

        private static Scheme Iterations(string what, BigInteger count)
        {
            if (count.SignValue <= 0)
            {
                return new Scheme(0, $"uses {what} with {count} iterations, which is not a valid count");
            }

            if (count.CompareTo(BigInteger.ValueOf(MaximumIterations)) > 0)
            {
                return new Scheme(0, string.Format(CultureInfo.InvariantCulture, "uses {0} with {1} iterations, more than the {2:N0} this module allows (Windows and OpenSSL write about 2,000), so it is not opened; export it again with the tool's default settings", what, count, MaximumIterations), overLimit: true);
            }

            return new Scheme(count.LongValue, null);
        }

        private static byte[]? DecryptPbes2(PbeS2Parameters parameters, char[] password, byte[] data, CancellationToken cancellation)
        {
            string cipherOid = parameters.EncryptionScheme.Algorithm.Id;
            int keyBytes = KeyBytesOf(cipherOid);
            SymmetricAlgorithm cipher = cipherOid == DesEde3Cbc ? (SymmetricAlgorithm)TripleDES.Create() : Aes.Create();
            byte[] iv = Asn1OctetString.GetInstance(parameters.EncryptionScheme.Parameters).GetOctets();
            byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
            byte[]? key = null;
            try
            {
                key = parameters.KeyDerivationFunc.Algorithm.Equals(PkcsObjectIdentifiers.IdPbkdf2)
                    ? Pbkdf2(Pbkdf2Params.GetInstance(parameters.KeyDerivationFunc.Parameters), passwordBytes, keyBytes, cancellation)
                    : ScryptKey(Asn1Sequence.GetInstance(parameters.KeyDerivationFunc.Parameters), passwordBytes, keyBytes);
                cancellation.ThrowIfCancellationRequested();
                if (iv.Length != cipher.BlockSize / 8)
                {
                    return null;
                }

                cipher.Mode = CipherMode.CBC;
                cipher.Padding = PaddingMode.PKCS7;
                using (ICryptoTransform decryptor = cipher.CreateDecryptor(key, iv))
                {
                    return decryptor.TransformFinalBlock(data, 0, data.Length);
                }
            }
            finally
            {
                cipher.Dispose();
                Array.Clear(passwordBytes, 0, passwordBytes.Length);
                if (key != null)
                {
                    Array.Clear(key, 0, key.Length);
                }
            }
        }

        /// <summary>PBKDF2 (RFC 8018) with the HMAC of the PRF, checking Ctrl+C every few thousand rounds.</summary>
        private static byte[] Pbkdf2(Pbkdf2Params parameters, byte[] password, int length, CancellationToken cancellation)
        {
            var hmac = new HMac(PrfDigest(parameters)!);
            hmac.Init(new KeyParameter(password));
            byte[] salt = parameters.GetSalt();
            int iterations = parameters.IterationCount.IntValue;
            int size = hmac.GetMacSize();
            byte[] result = new byte[length];
            byte[] u = new byte[size];
            byte[] t = new byte[size];
            try
            {
                for (int block = 1, offset = 0; offset < length; block++, offset += size)
                {
                    hmac.BlockUpdate(salt, 0, salt.Length);
                    hmac.Update((byte)(block >> 24));
                    hmac.Update((byte)(block >> 16));
                    hmac.Update((byte)(block >> 8));
                    hmac.Update((byte)block);
                    hmac.DoFinal(u, 0);
                    Array.Copy(u, t, size);
                    for (int i = 1; i < iterations; i++)
                    {
                        if ((i & 0xFFF) == 0)
                        {
                            cancellation.ThrowIfCancellationRequested();
                        }

                        hmac.BlockUpdate(u, 0, size);
                        hmac.DoFinal(u, 0);
                        for (int k = 0; k < size; k++)
                        {
                            t[k] ^= u[k];
                        }
                    }

                    Array.Copy(t, 0, result, offset, Math.Min(size, length - offset));
                }

                return result;
            }
            finally
            {
                Array.Clear(u, 0, u.Length);
                Array.Clear(t, 0, t.Length);
            }
        }

        private static byte[] ScryptKey(Asn1Sequence parameters, byte[] password, int length) =>
            SCrypt.Generate(password, Asn1OctetString.GetInstance(parameters[0]).GetOctets(),
                DerInteger.GetInstance(parameters[1]).IntValueExact, DerInteger.GetInstance(parameters[2]).IntValueExact, DerInteger.GetInstance(parameters[3]).IntValueExact, length);

        // RFC 8018: hmacWithSHA1 is the default PRF.
        private static IDigest? PrfDigest(Pbkdf2Params parameters)
        {
            switch (parameters.Prf.Algorithm.Id)
            {
                case "1.2.840.113549.2.7": return DigestUtilities.GetDigest("SHA-1");
                case "1.2.840.113549.2.8": return DigestUtilities.GetDigest("SHA-224");
                case "1.2.840.113549.2.9": return DigestUtilities.GetDigest("SHA-256");
                case "1.2.840.113549.2.10": return DigestUtilities.GetDigest("SHA-384");
                case "1.2.840.113549.2.11": return DigestUtilities.GetDigest("SHA-512");
                default: return null;
            }
        }

        private const string DesEde3Cbc = "1.2.840.113549.3.7";

        /// <summary>The key length of a cipher this module opens (AES-128/192/256-CBC, 3DES-CBC); 0 for any other.</summary>
        private static int KeyBytesOf(string oid)
        {
            switch (oid)
            {
                case "2.16.840.1.101.3.4.1.2": return 16;
                case "2.16.840.1.101.3.4.1.22": return 24;
                case "2.16.840.1.101.3.4.1.42": return 32;
                case DesEde3Cbc: return 24;
                default: return 0;
            }
        }

        // An identifier from the file is shown only as digits and dots (a name where the library knows one).
        private static string KnownName(string oid)
        {
            foreach (char c in oid)
            {
                if (c != '.' && (c < '0' || c > '9'))
                {
                    return "an unknown identifier";
                }
            }

            return "OID " + oid;
        }
    }
}
