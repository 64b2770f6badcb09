namespace RECertificates.Lifecycle
{
    /// <summary>
    /// The stable ErrorIds of the lifecycle cmdlets (Update-REInternalCertificate, the certificate policy), beside the
    /// ones StatusMapping gives the cluster's answers (InternalRotationNotSupported, OutcomeUnknown). Scripts match on
    /// these strings, so an id is never renamed.
    /// </summary>
    internal static class LifecycleIds
    {
        /// <summary>The cluster's version has a defect that this change would run into (the contract's "Right for this cluster").</summary>
        public const string KnownDefect = nameof(KnownDefect);

        /// <summary>A value given to Set-RECertificatePolicy that the cluster cannot take; nothing is sent.</summary>
        public const string InvalidPolicy = nameof(InvalidPolicy);
    }
}
