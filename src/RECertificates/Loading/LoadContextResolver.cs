using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace RECertificates.Loading
{
    /// <summary>
    /// PowerShell 7 (.NET): loads the module's Microsoft.Extensions.* into an AssemblyLoadContext of its own, so they
    /// never meet another module's copies of other versions in the default context, whichever module came first.
    /// netstandard2.0 has no AssemblyLoadContext to compile against: it is reached through reflection.
    /// </summary>
    /// <remarks>
    /// How a name is resolved:
    /// <list type="bullet">
    /// <item>RECertificates.dll lives in the default context. When that context cannot bind one of its references
    /// (not on the platform's list, or another module already loaded a different version), it raises
    /// <c>Default.Resolving</c>; the module answers with its own copy, loaded into its own context.</item>
    /// <item>The dependencies loaded there bind their own references through the default context first and then
    /// raise the own context's <c>Resolving</c>, answered the same way.</item>
    /// <item>System.* and Microsoft.Bcl.* (System.Text.Json, System.Text.Encodings.Web, System.Formats.Asn1,
    /// System.Memory, System.Buffers, System.Runtime.CompilerServices.Unsafe, System.Numerics.Vectors,
    /// System.Threading.Tasks.Extensions, System.Diagnostics.DiagnosticSource, System.ComponentModel.Annotations,
    /// Microsoft.Bcl.AsyncInterfaces) are part of .NET itself on PowerShell 7 (or shipped by PowerShell), at a
    /// version at least as new as ours, so the default context binds them and they never reach the module. Should
    /// a platform's copy be older than the reference (a servicing bump), the platform's copy is still the answer:
    /// our netstandard2.0 files of these are polyfills that define Span&lt;T&gt;, IAsyncDisposable and friends
    /// themselves, and a second definition would match nothing the runtime hands out; the platform's System.Text.Json
    /// is the one .NET services. They are shipped for Windows PowerShell 5.1, which has none of them.</item>
    /// <item>A newer copy already in the default context (a Microsoft.Extensions.* of 9.0, say) satisfies our 8.0
    /// reference there, as .NET's binder decides before asking anyone; those versions keep their API.</item>
    /// </list>
    /// </remarks>
    internal sealed class LoadContextResolver : IDependencyResolver
    {
        public const string ContextName = "RECertificates";

        private readonly DependencyFolder _folder;
        private readonly object _defaultContext;
        private readonly object _ownContext;
        private readonly EventInfo _resolving;
        private readonly MethodInfo _loadFromAssemblyPath;
        private readonly MethodInfo _loadFromAssemblyName;
        private readonly Delegate _handler;
        private readonly Lazy<HashSet<string>> _referencedByModule;
        private readonly Lazy<HashSet<string>> _platformAssemblies = new Lazy<HashSet<string>>(ReadPlatformAssemblies);
        private readonly Dictionary<string, Assembly> _loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private bool _hooked;

        private LoadContextResolver(DependencyFolder folder, Type loadContextType)
        {
            _folder = folder;
            _defaultContext = loadContextType.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            // Not collectible: RECertificates.dll (default context, never unloaded) binds to what it holds.
            _ownContext = Activator.CreateInstance(loadContextType, ContextName, false)!;
            _resolving = loadContextType.GetEvent("Resolving")!;
            _loadFromAssemblyPath = loadContextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!;
            _loadFromAssemblyName = loadContextType.GetMethod("LoadFromAssemblyName", new[] { typeof(AssemblyName) })!;

            // The event wants Func<AssemblyLoadContext, AssemblyName, Assembly?>; Resolve takes an object where the
            // context goes, which a delegate may bind to (parameter contravariance).
            MethodInfo resolve = typeof(LoadContextResolver).GetMethod(nameof(Resolve), BindingFlags.NonPublic | BindingFlags.Instance)!;
            _handler = Delegate.CreateDelegate(_resolving.EventHandlerType!, this, resolve);

            _referencedByModule = new Lazy<HashSet<string>>(() => new HashSet<string>(
                typeof(LoadContextResolver).Assembly.GetReferencedAssemblies().Select(name => name.FullName),
                StringComparer.OrdinalIgnoreCase));
        }

        /// <summary>The resolver for .NET (Core); null on .NET Framework, which has no AssemblyLoadContext.</summary>
        public static LoadContextResolver? TryCreate(DependencyFolder folder)
        {
            // On .NET the type lives in the core library; asking there never probes for a missing assembly.
            Type? loadContextType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false);
            return loadContextType == null ? null : new LoadContextResolver(folder, loadContextType);
        }

        /// <summary>The module's own load context, and the default one (for tests).</summary>
        internal object OwnContext => _ownContext;

        internal object DefaultContext => _defaultContext;

        public void Hook()
        {
            if (!_hooked)
            {
                _resolving.AddEventHandler(_defaultContext, _handler);
                _resolving.AddEventHandler(_ownContext, _handler);
                _hooked = true;
            }
        }

        public void Unhook()
        {
            if (_hooked)
            {
                _resolving.RemoveEventHandler(_defaultContext, _handler);
                _resolving.RemoveEventHandler(_ownContext, _handler);
                _hooked = false;
            }
        }

        /// <summary>The handler of both Resolving events (internal so tests can ask it directly).</summary>
        internal Assembly? Resolve(object context, AssemblyName requested)
        {
            if (!_folder.TryGet(requested.Name, out DependencyFile file) || !file.Satisfies(requested))
            {
                return null;
            }

            // The default context's event is every module's: answer only what RECertificates.dll itself references.
            // Another module asking for, say, Microsoft.Extensions.Primitives 6.0 gets an answer from its own resolver.
            if (!ReferenceEquals(context, _ownContext) && !_referencedByModule.Value.Contains(requested.FullName))
            {
                return null;
            }

            return IsPlatformAssembly(file.Name) ? LoadPlatformCopy(file.Name) : LoadOwnCopy(file);
        }

        private bool IsPlatformAssembly(string name) =>
            (name.StartsWith("System.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Microsoft.Bcl.", StringComparison.OrdinalIgnoreCase))
            && _platformAssemblies.Value.Contains(name);

        private Assembly? LoadPlatformCopy(string name)
        {
            try
            {
                // By simple name alone, so the default context takes its own copy whatever its version.
                return (Assembly?)_loadFromAssemblyName.Invoke(_defaultContext, new object[] { new AssemblyName(name) });
            }
            catch (TargetInvocationException)
            {
                return null;
            }
        }

        private Assembly LoadOwnCopy(DependencyFile file)
        {
            lock (_loaded)
            {
                if (!_loaded.TryGetValue(file.Name, out Assembly? assembly))
                {
                    assembly = (Assembly)_loadFromAssemblyPath.Invoke(_ownContext, new object[] { file.Path })!;
                    _loaded[file.Name] = assembly;
                }

                return assembly;
            }
        }

        /// <summary>The simple names the runtime binds by itself (.NET's own assemblies and those PowerShell ships).</summary>
        private static HashSet<string> ReadPlatformAssemblies()
        {
            string list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            return new HashSet<string>(
                list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileNameWithoutExtension),
                StringComparer.OrdinalIgnoreCase);
        }
    }
}
