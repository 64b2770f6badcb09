namespace RECertificates
{
    /// <summary>
    /// What kind of problem an issue is. Kept independent of PowerShell so the certificate core can be tested
    /// without a runspace; the cmdlets map it one-to-one onto <c>System.Management.Automation.ErrorCategory</c>.
    /// </summary>
    internal enum IssueCategory
    {
        InvalidData,
        ObjectNotFound,
        PermissionDenied,
        InvalidArgument,
        ResourceExists,
        ReadError,
        NotImplemented,
    }
}
