using System.Security;
using RECertificates.Cluster;

namespace RECertificates.Tests.Fakes;

/// <summary>
/// The keys the fake cluster holds, for what reads them (the backup before a change): a read with keys is the call
/// "GET certificates with keys" and returns each key given to <see cref="Holding(string, string, string)"/> as a
/// new SecureString, the way the cluster answers each request anew; a read without keys only says a key is held.
/// </summary>
internal sealed partial class FakeClusterClient
{
    // By the entry Holding made, so a certificate written over or removed since takes its key with it.
    private readonly Dictionary<ClusterCertificateEntry, string> _keys = new(ReferenceEqualityComparer.Instance);

    /// <summary>Every key a read with keys handed out, so a test sees whether the reader wiped them.</summary>
    public List<SecureString> KeysHandedOut { get; } = [];

    /// <summary>Puts a certificate and its key on the cluster before the test begins.</summary>
    public FakeClusterClient Holding(string name, string certificatePem, string keyPem)
    {
        var entry = new ClusterCertificateEntry(name, certificatePem, hasKey: true, key: null);
        _held[name] = entry;
        _keys[entry] = keyPem;
        return this;
    }

    private IReadOnlyList<ClusterCertificateEntry> Listed(bool includePrivateKeys)
    {
        lock (_held)
        {
            return _held.Values
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .Select(e => includePrivateKeys && _keys.TryGetValue(e, out string? key) ? WithKey(e, key) : e)
                .ToList();
        }
    }

    private ClusterCertificateEntry WithKey(ClusterCertificateEntry entry, string keyPem)
    {
        SecureString key = TestCertificates.Secure(keyPem);
        lock (KeysHandedOut)
        {
            KeysHandedOut.Add(key);
        }

        return new ClusterCertificateEntry(entry.Name, entry.CertificatePem, hasKey: true, key);
    }
}
