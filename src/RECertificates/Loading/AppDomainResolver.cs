using System;
using System.Collections.Generic;
using System.Reflection;

namespace RECertificates.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework): the dependencies are not beside RECertificates.dll, so the runtime
    /// cannot find them and asks AppDomain.AssemblyResolve, which hands it the shipped file. .NET Framework keeps
    /// strong-named assemblies of different versions side by side, so another module's older copy stays theirs.
    /// </summary>
    internal sealed class AppDomainResolver : IDependencyResolver
    {
        private readonly DependencyFolder _folder;
        private readonly Assembly _module = typeof(AppDomainResolver).Assembly;
        private readonly Dictionary<string, Assembly> _loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private bool _hooked;

        public AppDomainResolver(DependencyFolder folder)
        {
            _folder = folder;
        }

        public void Hook()
        {
            if (!_hooked)
            {
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                _hooked = true;
            }
        }

        public void Unhook()
        {
            if (_hooked)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
                _hooked = false;
            }
        }

        /// <summary>The AssemblyResolve handler (internal so tests can ask it directly).</summary>
        internal Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            if (!_folder.TryGet(requested.Name, out DependencyFile file))
            {
                return null;
            }

            // A request from another module (when the runtime says who asks) is left to that module's own resolver.
            if (args.RequestingAssembly != null && args.RequestingAssembly != _module && !_folder.Holds(args.RequestingAssembly))
            {
                return null;
            }

            // Any version up to the shipped one is answered with the shipped file: this is what the binding redirects
            // of an application's config file would do (System.Memory asks for an older Unsafe than System.Text.Json).
            if (!file.Satisfies(requested))
            {
                return null;
            }

            lock (_loaded)
            {
                if (!_loaded.TryGetValue(file.Name, out Assembly? assembly))
                {
                    assembly = Assembly.LoadFrom(file.Path);
                    _loaded[file.Name] = assembly;
                }

                return assembly;
            }
        }
    }
}
