using System;
using System.Management.Automation;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Commands
{
    /// <summary>Where the renewal cmdlets write: a path as PowerShell reads it (relative to its location), on the file system.</summary>
    internal static class FileSystemPaths
    {
        /// <summary>The full file system path of <paramref name="path"/>, which need not exist yet.</summary>
        /// <exception cref="CertificateInputException">The path is not one of the file system (a registry or certificate drive, an unknown drive).</exception>
        public static string Resolve(PSCmdlet cmdlet, string path, string parameter)
        {
            try
            {
                return cmdlet.GetUnresolvedProviderPathFromPSPath(path);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is PSNotSupportedException || e is NotSupportedException || e is PSInvalidOperationException)
            {
                throw new CertificateInputException(IssueIds.NotFileSystemPath,
                    $"{parameter} '{path}' is not a path of the file system ({e.Message}). Give a folder or file on a disk.", path, FailureKind.InvalidArgument);
            }
        }

        /// <summary>
        /// Writes the file at <paramref name="path"/> as the FileSystem provider gives it, as Get-Item would: with the
        /// provider's notes (PSPath, PSParentPath) that its views use for Mode, Size and the owner, which a bare
        /// FileInfo lacks.
        /// </summary>
        public static void WriteItem(PSCmdlet cmdlet, string path)
        {
            foreach (PSObject item in cmdlet.SessionState.InvokeProvider.Item.Get(new[] { path }, true, true))
            {
                cmdlet.WriteObject(item);
            }
        }

        /// <summary>As <see cref="Resolve"/>, for a path the cmdlet cannot start without: a wrong one stops it.</summary>
        public static string ResolveOrStop(PSCmdlet cmdlet, string path, string parameter)
        {
            try
            {
                return Resolve(cmdlet, path, parameter);
            }
            catch (CertificateInputException e)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.FromIssue(e.Issue));
                throw;
            }
        }
    }
}
