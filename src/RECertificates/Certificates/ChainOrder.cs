using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Puts certificates in the order the cluster needs, leaf first and then each issuer, by who signed whom.
    /// Candidates for a certificate's issuer are found by name (its issuer name is their subject) and by key
    /// identifier first; a signature is checked only among those, once per pair. Checking every pair made a file of
    /// 600 certificates that share one subject take 21 seconds; the input is also bounded
    /// (<see cref="CertificateChainReader.MaximumCertificates"/>), which caps the case where names and identifiers
    /// tell nothing apart.
    /// </summary>
    internal static class ChainOrder
    {
        /// <summary>The leaf-first order, if the certificates form one chain in some order; null if they do not.</summary>
        public static List<X509Certificate2>? Find(IReadOnlyList<X509Certificate2> certificates)
        {
            var links = new IssuerLinks(certificates);

            // The leaf is the one certificate that issued none of the others.
            List<int> leaves = Enumerable.Range(0, certificates.Count).Where(i => !links.IssuedAnother(i)).ToList();
            if (leaves.Count != 1)
            {
                return null;
            }

            List<X509Certificate2> ordered = links.Walk(leaves[0]);
            return ordered.Count == certificates.Count ? ordered : null;
        }

        /// <summary>The leaf, then its issuer among the candidates, then that one's issuer, as far as they go.</summary>
        public static List<X509Certificate2> WithIssuers(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> candidates)
        {
            int index = IndexOf(candidates, leaf);
            if (index >= 0)
            {
                return new IssuerLinks(candidates).Walk(index);
            }

            var all = new List<X509Certificate2>(candidates.Count + 1) { leaf };
            all.AddRange(candidates);
            return new IssuerLinks(all).Walk(0);
        }

        private static int IndexOf(IReadOnlyList<X509Certificate2> certificates, X509Certificate2 certificate)
        {
            for (int i = 0; i < certificates.Count; i++)
            {
                if (ReferenceEquals(certificates[i], certificate))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Who may have issued whom among a list of certificates, with each signature checked at most once.</summary>
        private sealed class IssuerLinks
        {
            private readonly IReadOnlyList<X509Certificate2> _certificates;
            private readonly List<int>[] _candidates;
            private readonly Dictionary<long, bool> _signed = new Dictionary<long, bool>();
            private bool[]? _issuers;

            public IssuerLinks(IReadOnlyList<X509Certificate2> certificates)
            {
                _certificates = certificates;
                var bySubject = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                for (int i = 0; i < certificates.Count; i++)
                {
                    string subject = Convert.ToBase64String(certificates[i].SubjectName.RawData);
                    if (!bySubject.TryGetValue(subject, out List<int>? same))
                    {
                        bySubject[subject] = same = new List<int>();
                    }

                    same.Add(i);
                }

                _candidates = new List<int>[certificates.Count];
                for (int i = 0; i < certificates.Count; i++)
                {
                    X509Certificate2 child = certificates[i];
                    _candidates[i] = bySubject.TryGetValue(Convert.ToBase64String(child.IssuerName.RawData), out List<int>? named)
                        ? named.Where(j => j != i && KeyIdentifiers.MayHaveIssued(certificates[j], child)).ToList()
                        : new List<int>();
                }
            }

            /// <summary>Whether certificate <paramref name="index"/> signed any other in the list.</summary>
            public bool IssuedAnother(int index)
            {
                if (_issuers == null)
                {
                    _issuers = new bool[_certificates.Count];
                    for (int child = 0; child < _certificates.Count; child++)
                    {
                        foreach (int issuer in _candidates[child])
                        {
                            if (!_issuers[issuer] && Signed(issuer, child))
                            {
                                _issuers[issuer] = true;
                            }
                        }
                    }
                }

                return _issuers[index];
            }

            /// <summary>From <paramref name="start"/> up, each time the first candidate not yet taken that signed the last one, to a self-signed root.</summary>
            public List<X509Certificate2> Walk(int start)
            {
                var taken = new HashSet<int> { start };
                var ordered = new List<X509Certificate2> { _certificates[start] };
                int current = start;
                while (!CertificateSignature.IsIssuedBy(_certificates[current], _certificates[current]))
                {
                    int next = -1;
                    foreach (int candidate in _candidates[current])
                    {
                        if (!taken.Contains(candidate) && Signed(candidate, current))
                        {
                            next = candidate;
                            break;
                        }
                    }

                    if (next < 0)
                    {
                        break;
                    }

                    taken.Add(next);
                    ordered.Add(_certificates[next]);
                    current = next;
                }

                return ordered;
            }

            private bool Signed(int issuer, int child)
            {
                long pair = ((long)issuer << 32) | (uint)child;
                if (!_signed.TryGetValue(pair, out bool signed))
                {
                    _signed[pair] = signed = CertificateSignature.VerifiesWith(_certificates[child], _certificates[issuer]) != false;
                }

                return signed;
            }
        }
    }
}
