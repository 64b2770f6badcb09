using System;
using System.Collections.Generic;

namespace RECertificates.Hosting
{
    /// <summary>
    /// What PowerShell's providers made of a path the user gave (see <see cref="ICommandHost.ResolvePath"/>): facts
    /// only, so the caller words its own refusal of a path of another drive, or of one that could not be resolved.
    /// </summary>
    internal sealed class ProviderPaths
    {
        public ProviderPaths(IReadOnlyList<string> paths, string? provider, string location, string? failure = null)
        {
            Paths = paths;
            Provider = provider;
            Location = location;
            Failure = failure;
        }

        /// <summary>The provider's own paths (for the file system, full paths); none when nothing matched or it failed.</summary>
        public IReadOnlyList<string> Paths { get; }

        /// <summary>The name of the provider that resolved the path ("FileSystem", "Certificate", "Registry"); null when it failed.</summary>
        public string? Provider { get; }

        /// <summary>PowerShell's location the path was resolved against, for messages.</summary>
        public string Location { get; }

        /// <summary>Why PowerShell could not resolve the path (a drive that does not exist, a malformed path); null when it could.</summary>
        public string? Failure { get; }

        /// <summary>Whether the file system provider resolved the path.</summary>
        public bool IsFileSystem => string.Equals(Provider, "FileSystem", StringComparison.OrdinalIgnoreCase);
    }
}
