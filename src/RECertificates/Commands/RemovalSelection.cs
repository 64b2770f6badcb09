using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Hosting;

namespace RECertificates.Commands
{
    /// <summary>
    /// Which certificates Remove-RECertificate removes from one cluster, decided in two steps. First each name the
    /// user gives is judged on its own, before anything is sent: a name no certificate can have, or one the cluster
    /// must keep, is refused there. Then the names that passed are matched against what the cluster holds, so a
    /// wildcard selects only certificates that exist and a name that is not set is reported without a request.
    /// </summary>
    internal sealed class RemovalSelection
    {
        // What a pattern adds to a name: '*', '?' and bracket sets, which select among names and are never sent.
        private static readonly Regex WildcardParts = new Regex(@"\[[^\]]*\]|[*?]", RegexOptions.CultureInvariant);
        private static readonly Regex PatternLiterals = new Regex("^[A-Za-z0-9_-]*$", RegexOptions.CultureInvariant);

        private readonly List<string> _names = new List<string>();

        /// <summary>
        /// Why <paramref name="name"/> must never reach a cluster, or null when it may be asked for. A literal name
        /// must be a well-formed name (it ends up in the URL path) and not one of the certificates the cluster makes
        /// itself (those can only be replaced). A wildcard only selects among what the cluster holds, so it just has
        /// to be a valid pattern.
        /// </summary>
        public static ErrorRecord? Refuse(string name)
        {
            if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                try
                {
                    WildcardPattern.Get(name, WildcardOptions.IgnoreCase).IsMatch(string.Empty);
                }
                catch (WildcardPatternException exception)
                {
                    return ErrorRecords.Create(IssueIds.InvalidCertificateName, FailureKind.InvalidArgument, name,
                        $"'{name}' is not a valid wildcard pattern ({exception.Message}). Nothing was sent. Give certificate names such as ldap_client, or a pattern such as 'sso_*'.");
                }

                // 'sso/*' or 'ldap_client?x=1' would quietly match nothing; say why instead.
                if (!PatternLiterals.IsMatch(WildcardParts.Replace(name, string.Empty)))
                {
                    return ErrorRecords.Create(IssueIds.InvalidCertificateName, FailureKind.InvalidArgument, name,
                        $"'{name}' cannot match the name of any certificate: names have only letters, digits and '_' (for example ldap_client). Nothing was sent. List the certificates with Get-RECertificate.");
                }

                return null;
            }

            if (!CertificateNames.IsValidName(name))
            {
                return ErrorRecords.Create(IssueIds.InvalidCertificateName, FailureKind.InvalidArgument, name,
                    $"'{name}' cannot be the name of a certificate: names have only letters, digits and '_' (for example ldap_client). Nothing was sent. List the certificates with Get-RECertificate.");
            }

            if (CertificateNames.IsRequired(name))
            {
                return ErrorRecords.Create(CommandErrorIds.RequiredCertificate, FailureKind.Refused, name,
                    $"Certificate '{CertificateNames.Normalize(name)}' is made by the cluster and cannot be removed, only replaced: use Set-RECertificate to put a new one in its place. Nothing was sent. Only {Describe(CertificateNames.AllOptional)} can be removed.");
            }

            return null;
        }

        /// <summary>Adds a name that <see cref="Refuse"/> let through; a name given twice counts once.</summary>
        public void Add(string name)
        {
            string normalized = CertificateNames.Normalize(name);
            if (!_names.Contains(normalized, StringComparer.Ordinal))
            {
                _names.Add(normalized);
            }
        }

        /// <summary>Matches the names against the certificates one cluster holds.</summary>
        public RemovalPlan Resolve(IReadOnlyList<string> held)
        {
            var selected = new SortedSet<string>(StringComparer.Ordinal);
            var notHeld = new List<string>();
            var kept = new SortedSet<string>(StringComparer.Ordinal);
            var unsendable = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string name in _names)
            {
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
                    foreach (string match in held.Where(h => pattern.IsMatch(h)))
                    {
                        // A wildcard is a way to say "these", not a demand for each: '*' means every certificate
                        // that can be removed, so the required ones are left alone, not reported as refusals.
                        if (!CertificateNames.IsValidName(match))
                        {
                            unsendable.Add(match);
                        }
                        else if (CertificateNames.IsRequired(match))
                        {
                            kept.Add(match);
                        }
                        else
                        {
                            selected.Add(match);
                        }
                    }

                    continue;
                }

                string? found = held.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
                if (found == null)
                {
                    notHeld.Add(name);
                }
                else
                {
                    selected.Add(found);
                }
            }

            kept.ExceptWith(selected);
            return new RemovalPlan(selected.ToList(), notHeld, kept.ToList(), unsendable.ToList());
        }

        private static string Describe(IEnumerable<string> names)
        {
            string[] all = names.ToArray();
            return all.Length < 2 ? string.Join(string.Empty, all) : string.Join(", ", all.Take(all.Length - 1)) + " and " + all[all.Length - 1];
        }
    }

    /// <summary>What one cluster will be asked to remove, and what was asked for but will not be.</summary>
    internal sealed class RemovalPlan
    {
        public RemovalPlan(IReadOnlyList<string> toRemove, IReadOnlyList<string> notHeld, IReadOnlyList<string> keptRequired, IReadOnlyList<string> unsendable)
        {
            ToRemove = toRemove;
            NotHeld = notHeld;
            KeptRequired = keptRequired;
            Unsendable = unsendable;
        }

        /// <summary>The cluster's names of the certificates to remove, sorted, each once.</summary>
        public IReadOnlyList<string> ToRemove { get; }

        /// <summary>Literal names the cluster does not hold: nothing to remove, and nothing is sent for them.</summary>
        public IReadOnlyList<string> NotHeld { get; }

        /// <summary>Certificates a wildcard matched that the cluster must keep.</summary>
        public IReadOnlyList<string> KeptRequired { get; }

        /// <summary>Names a wildcard matched that no certificate can have: the module never puts them in a URL.</summary>
        public IReadOnlyList<string> Unsendable { get; }
    }
}
