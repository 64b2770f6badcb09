using System;
using System.Text.RegularExpressions;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The one judge of what looks secret in text that came from outside (a cluster's answer, a request body shown
    /// by -Debug): property names that say they hold a secret, PEM blocks, and long base64 runs. Both the -Debug
    /// redaction of JSON bodies and the cluster's error text in exception messages go through it.
    /// </summary>
    internal static class SecretScrubber
    {
        public const string Placeholder = "<redacted>";

        /// <summary>How much of a cluster's own words a message shows: enough to explain, too little to dump a body.</summary>
        public const int MaximumMessageLength = 300;

        // Parts of a property name that mean its value is a secret: password, passphrase, token, client_secret,
        // api_key, pkeys, credentials, authorization, auth_token, cookie. A false alarm costs a value in a debug line.
        private static readonly string[] SecretNameParts = { "pass", "token", "secret", "key", "credential", "auth", "cookie" };

        // A PEM block of any kind, also one cut short or flattened without its END line (then up to the end).
        private static readonly Regex PemBlock = new Regex(
            @"-----BEGIN.*?(-----END[^\r\n]*?-----|$)",
            RegexOptions.Singleline | RegexOptions.CultureInvariant);

        // A private key block, also one cut short (then up to the end): "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"...
        private static readonly Regex PrivateKeyBlock = new Regex(
            @"-----BEGIN[^\r\n]*?PRIVATE KEY.*?(-----END[^\r\n]*?PRIVATE KEY-----|$)",
            RegexOptions.Singleline | RegexOptions.CultureInvariant);

        // A name that says "secret" followed by ':' or '=' and its value (quoted or up to a separator), as in echoed
        // JSON ("password": "x"), form data (key=x) or prose (token: x).
        private static readonly Regex SecretField = new Regex(
            @"(?<name>""?[A-Za-z0-9_.\-]*(pass|token|secret|key|credential|auth|cookie)[A-Za-z0-9_.\-]*""?\s*[:=]\s*)(?<value>""(?:[^""\\]|\\.)*""?|[^\s,;&}\]]+)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // Base64 long enough to be a key or part of one (a PEM body whose markers were lost).
        private static readonly Regex LongBase64 = new Regex(@"[A-Za-z0-9+/]{48,}={0,2}", RegexOptions.CultureInvariant);

        /// <summary>Whether a property of this name holds a secret (by pattern, so names the module never heard of count).</summary>
        public static bool IsSecretName(string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return false;
            }

            foreach (string part in SecretNameParts)
            {
                if (name!.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        // Encoded bytes mix upper case, lower case and digits; a long word or a row of one letter does not.
        private static bool LooksEncoded(string run)
        {
            bool upper = false, lower = false, digit = false;
            foreach (char c in run)
            {
                upper |= c >= 'A' && c <= 'Z';
                lower |= c >= 'a' && c <= 'z';
                digit |= c >= '0' && c <= '9';
            }

            return upper && lower && digit;
        }

        /// <summary>Whether text holds (a piece of) a PEM private key, whatever it is called.</summary>
        public static bool HoldsPrivateKey(string? text) =>
            text != null && text.IndexOf("PRIVATE KEY", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>The text without its private key blocks (nothing put in their place).</summary>
        public static string WithoutPrivateKeyBlocks(string text) => PrivateKeyBlock.Replace(text, string.Empty);

        /// <summary>Replaces the value of every secret-looking "name: value" or "name=value" in free text.</summary>
        public static string RedactFields(string text) =>
            SecretField.Replace(text, match => match.Groups["name"].Value + Placeholder);

        /// <summary>
        /// Makes outside text fit for a message: no PEM block (certificate or key), no long base64, no secret-looking
        /// field, at most <see cref="MaximumMessageLength"/> characters. Null stays null.
        /// </summary>
        public static string? ScrubMessage(string? text)
        {
            if (text == null)
            {
                return null;
            }

            string scrubbed = PemBlock.Replace(text, Placeholder);
            scrubbed = LongBase64.Replace(scrubbed, match => LooksEncoded(match.Value) ? Placeholder : match.Value);
            scrubbed = RedactFields(scrubbed).Trim();
            return scrubbed.Length <= MaximumMessageLength ? scrubbed : scrubbed.Substring(0, MaximumMessageLength) + "...";
        }
    }
}
