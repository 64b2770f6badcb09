namespace RECertificates.Simulator;

/// <summary>One refusal the cluster would send: an HTTP status, a machine-readable code and a sentence.</summary>
public sealed record ApiError(int Status, string ErrorCode, string Description);
