using System;

namespace RECertificates.Sessions
{
    /// <summary>
    /// Turns what a person types for a cluster into the REST API's base address: a bare host means
    /// <c>https://host:9443/</c>, the port the cluster's REST API listens on by default.
    /// </summary>
    internal static class ClusterAddress
    {
        public const int DefaultPort = 9443;

        public static bool TryParse(string? text, out Uri? uri, out string? problem)
        {
            uri = null;
            problem = null;
            string trimmed = (text ?? string.Empty).Trim();
            if (trimmed.Length == 0)
            {
                problem = "The cluster address is empty. Give a host name such as 'cluster.example.com' or a URL such as 'https://cluster.example.com:9443'.";
                return false;
            }

            bool hasScheme = trimmed.IndexOf("://", StringComparison.Ordinal) >= 0;
            string candidate = hasScheme ? trimmed : "https://" + trimmed;
            bool parses = Uri.TryCreate(candidate, UriKind.Absolute, out Uri? parsed);

            // Checked first, and the address never repeated: what precedes the '@' may be a password.
            if ((parses && HasUserInfo(parsed!)) || Authority(trimmed, hasScheme).IndexOf('@') >= 0)
            {
                problem = $"The cluster address '{WithoutUserInfo(trimmed)}' holds a user name or password. Give the address alone, and the user and password with -Credential (for example -Credential (Get-Credential)): an address is shown in sessions, messages and logs, a credential never is.";
                return false;
            }

            if (!parses || string.IsNullOrEmpty(parsed!.Host))
            {
                problem = $"'{trimmed}' is not a valid cluster address. Give a host name such as 'cluster.example.com' or a URL such as 'https://cluster.example.com:9443'.";
                return false;
            }

            if (!string.Equals(parsed.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                problem = $"'{trimmed}' does not use https. The REST API of Redis Enterprise is served over https (port 9443 by default), and the credential must never travel unencrypted.";
                return false;
            }

            // A bare host (no explicit port in what was typed) gets the REST API's default port.
            bool portTyped = HasExplicitPort(trimmed, hasScheme);
            var builder = new UriBuilder(parsed)
            {
                Port = portTyped ? parsed.Port : DefaultPort,
                Path = "/",
                Query = string.Empty,
                Fragment = string.Empty,
            };
            uri = builder.Uri;
            return true;
        }

        /// <summary>Whether an address carries "user:password@" (a proxy's, say).</summary>
        public static bool HasUserInfo(Uri address) => address.IsAbsoluteUri && !string.IsNullOrEmpty(address.UserInfo);

        /// <summary>The typed address with anything before an '@' of its authority replaced, fit for a message.</summary>
        public static string WithoutUserInfo(string typed)
        {
            bool hasScheme = typed.IndexOf("://", StringComparison.Ordinal) >= 0;
            string authority = Authority(typed, hasScheme);
            int at = authority.LastIndexOf('@');
            if (at < 0)
            {
                return typed;
            }

            int authorityStart = hasScheme ? typed.IndexOf("://", StringComparison.Ordinal) + 3 : 0;
            return typed.Substring(0, authorityStart) + "***" + typed.Substring(authorityStart + at);
        }

        /// <summary>The host part as typed: after the scheme, before the path.</summary>
        private static string Authority(string typed, bool hasScheme)
        {
            string authority = hasScheme ? typed.Substring(typed.IndexOf("://", StringComparison.Ordinal) + 3) : typed;
            int slash = authority.IndexOfAny(new[] { '/', '?', '#' });
            return slash >= 0 ? authority.Substring(0, slash) : authority;
        }

        private static bool HasExplicitPort(string typed, bool hasScheme)
        {
            string authority = Authority(typed, hasScheme);
            int at = authority.LastIndexOf('@');
            if (at >= 0)
            {
                authority = authority.Substring(at + 1);
            }

            // An IPv6 literal is bracketed: only a colon after the closing bracket starts a port.
            int closingBracket = authority.LastIndexOf(']');
            int colon = authority.LastIndexOf(':');
            return colon > closingBracket && colon < authority.Length - 1;
        }
    }
}
