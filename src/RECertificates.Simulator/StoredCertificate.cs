namespace RECertificates.Simulator;

/// <summary>
/// One certificate as a node stores it: the PEM text exactly as it was uploaded (GET gives it back unchanged)
/// and the key, which key-less names never have.
/// </summary>
public sealed record StoredCertificate(string CertificatePem, string? KeyPem)
{
    /// <summary>Computed once, for /__sim/state; null when the PEM was seeded unparseable on purpose.</summary>
    public string? Thumbprint { get; } = Pem.LeafThumbprint(CertificatePem);
}
