using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace RECertificates.Loading
{
    /// <summary>
    /// The assemblies the module ships in its <c>dependencies</c> folder, by simple name. Only these names are ever
    /// resolved by the module: anything else is another module's business. Read on first use, not at import.
    /// </summary>
    internal sealed class DependencyFolder
    {
        public const string FolderName = "dependencies";

        private readonly Lazy<Dictionary<string, DependencyFile>> _files;

        public DependencyFolder(string path)
        {
            Path = path;
            _files = new Lazy<Dictionary<string, DependencyFile>>(ReadFiles);
        }

        /// <summary>The folder beside RECertificates.dll.</summary>
        public static DependencyFolder OfModule()
        {
            string moduleDirectory = System.IO.Path.GetDirectoryName(typeof(DependencyFolder).Assembly.Location) ?? string.Empty;
            return new DependencyFolder(System.IO.Path.Combine(moduleDirectory, FolderName));
        }

        public string Path { get; }

        public bool TryGet(string? simpleName, out DependencyFile file)
        {
            file = null!;
            return simpleName != null && _files.Value.TryGetValue(simpleName, out file!);
        }

        /// <summary>Whether the assembly was loaded from this folder (so its own references are ours to resolve).</summary>
        public bool Holds(Assembly assembly)
        {
            string? location = assembly.IsDynamic ? null : assembly.Location;
            return !string.IsNullOrEmpty(location)
                && string.Equals(System.IO.Path.GetDirectoryName(location), Path, StringComparison.OrdinalIgnoreCase);
        }

        private Dictionary<string, DependencyFile> ReadFiles()
        {
            // Assembly names are case-insensitive, as the runtime compares them.
            var files = new Dictionary<string, DependencyFile>(StringComparer.OrdinalIgnoreCase);
            if (Directory.Exists(Path))
            {
                foreach (string file in Directory.GetFiles(Path, "*.dll"))
                {
                    string name = System.IO.Path.GetFileNameWithoutExtension(file);
                    files[name] = new DependencyFile(name, file);
                }
            }

            return files;
        }
    }

    /// <summary>One shipped dependency; its version is read from the file's metadata when first asked.</summary>
    internal sealed class DependencyFile
    {
        private readonly Lazy<Version> _version;

        public DependencyFile(string name, string path)
        {
            Name = name;
            Path = path;
            _version = new Lazy<Version>(() => AssemblyName.GetAssemblyName(path).Version ?? new Version(0, 0));
        }

        public string Name { get; }

        public string Path { get; }

        public Version Version => _version.Value;

        /// <summary>Whether this file can stand for the requested version (a request without a version takes any).</summary>
        public bool Satisfies(AssemblyName requested) => requested.Version == null || requested.Version <= Version;
    }
}
