using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RECertificates.Cluster
{
    /// <summary>Whether the health report shows a rotation: each certificate it concerns with a later valid_until than before.</summary>
    internal static class InternalRotationCheck
    {
        /// <summary>Null when every certificate concerned is later than before; otherwise which are not, in words.</summary>
        /// <param name="name">The certificate rotated; null for all of them.</param>
        public static string? NotRotated(IReadOnlyList<HealthCertificate> before, IReadOnlyList<HealthCertificate> now, string? name)
        {
            List<HealthCertificate> concerned = before.Where(b => name == null || string.Equals(b.Type, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (concerned.Count == 0)
            {
                return name == null ? "its health report listed no internal certificate before the rotation" : $"its health report did not list '{name}' before the rotation";
            }

            List<string> same = new List<string>();
            foreach (HealthCertificate old in concerned)
            {
                HealthCertificate? current = now.FirstOrDefault(n => string.Equals(n.Type, old.Type, StringComparison.OrdinalIgnoreCase));
                if (current?.ValidUntilUtc == null || old.ValidUntilUtc == null || current.ValidUntilUtc <= old.ValidUntilUtc)
                {
                    string until = current?.ValidUntilUtc?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "no date";
                    same.Add($"'{old.Type}' (valid until {until})");
                }
            }

            return same.Count == 0 ? null : $"its health report still shows {string.Join(", ", same)}, no later than before";
        }
    }
}
