using System;

namespace RECertificates
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
            if (!Uri.TryCreate(candidate, UriKind.Absolute, out Uri? parsed) || string.IsNullOrEmpty(parsed.Host))
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

        private static bool HasExplicitPort(string typed, bool hasScheme)
        {
            string authority = hasScheme ? typed.Substring(typed.IndexOf("://", StringComparison.Ordinal) + 3) : typed;
            int slash = authority.IndexOf('/');
            if (slash >= 0)
            {
                authority = authority.Substring(0, slash);
            }

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
