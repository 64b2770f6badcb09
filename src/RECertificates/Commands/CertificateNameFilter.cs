using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace RECertificates.Commands
{
    /// <summary>
    /// -Name as PowerShell users expect it: wildcards select, and a literal name that selects nothing is
    /// reported, while a wildcard that selects nothing is silently empty.
    /// </summary>
    internal sealed class CertificateNameFilter
    {
        private readonly IReadOnlyList<string> _names;
        private readonly WildcardPattern[] _patterns;

        public CertificateNameFilter(IReadOnlyList<string> names)
        {
            _names = names;
            _patterns = names.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
        }

        public bool Matches(string name) => _patterns.Length == 0 || _patterns.Any(p => p.IsMatch(name));

        public IEnumerable<string> LiteralNamesMissingFrom(IEnumerable<string> present)
        {
            var found = new HashSet<string>(present, StringComparer.OrdinalIgnoreCase);
            return _names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !found.Contains(n));
        }
    }
}
