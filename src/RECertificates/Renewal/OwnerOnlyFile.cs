using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RECertificates.Renewal
{
    /// <summary>
    /// Creates files and folders that their owner alone may open, from the moment they exist: on Linux and macOS
    /// with the mode given to the call that creates them (600 for a file, 700 for a folder, never wider after the
    /// umask), on Windows with a protected ACL for the current user given to CreateFile/CreateDirectory. Restricting
    /// a file after creating it is not enough: a process that opens it in between keeps a descriptor that reads the
    /// key written afterwards.
    /// netstandard2.0 has no overload for either. On .NET 7 and later (PowerShell 7.4+ runs on .NET 8) the mode is
    /// given through FileStreamOptions.UnixCreateMode and Directory.CreateDirectory(string, UnixFileMode), found at
    /// run time; on Windows (Windows PowerShell 5.1 and PowerShell 7 alike) through the Win32 calls themselves. A
    /// Unix runtime without those members is refused rather than served a file others could open.
    /// </summary>
    internal static class OwnerOnlyFile
    {
        // UnixFileMode.UserRead | UserWrite (octal 600) and | UserExecute (octal 700).
        private const int OwnerReadWrite = 0x180;
        private const int OwnerAll = 0x1C0;

        private static readonly Lazy<UnixCalls?> Unix = new Lazy<UnixCalls?>(UnixCalls.Find);

        /// <summary>
        /// For tests: called with the path right after a file exists and before any byte is written, so a test can
        /// look at the mode the file was born with. Per thread, as the files of a batch are written on the caller's.
        /// </summary>
        internal static Action<string>? Created
        {
            get => _created;
            set => _created = value;
        }

        [ThreadStatic]
        private static Action<string>? _created;

        private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Creates a new file (an existing one is an error) that only its owner may read or write.</summary>
        /// <exception cref="IOException">The file exists, or cannot be created owner-only.</exception>
        /// <exception cref="UnauthorizedAccessException">The folder refuses it.</exception>
        public static FileStream CreateNew(string path)
        {
            FileStream stream = IsWindows ? Windows.CreateNew(path) : RequireUnix(path).CreateNew(path);
            try
            {
                Created?.Invoke(path);
            }
            catch
            {
                stream.Dispose();
                throw;
            }

            return stream;
        }

        /// <summary>Creates a folder and its missing parents, each one only its owner may enter; existing ones stay as they are.</summary>
        /// <exception cref="IOException">A folder cannot be created owner-only.</exception>
        /// <exception cref="UnauthorizedAccessException">A parent refuses it.</exception>
        public static void CreateFolder(string path)
        {
            if (Directory.Exists(path))
            {
                return;
            }

            // One level at a time, from the outermost missing folder in: each gets the mode (or ACL) itself, where
            // a call that makes the parents too would give them the default.
            var missing = new Stack<string>();
            for (string? folder = Path.GetFullPath(path); folder != null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
            {
                missing.Push(folder);
            }

            UnixCalls? unix = IsWindows ? null : RequireUnix(path);
            foreach (string folder in missing)
            {
                if (unix == null)
                {
                    Windows.CreateFolder(folder);
                }
                else
                {
                    unix.CreateFolder(folder);
                }
            }
        }

        private static UnixCalls RequireUnix(string path) => Unix.Value ?? throw new IOException(
            $"Cannot create '{path}' readable by its owner only: this .NET runtime cannot give a file its mode when it creates it (PowerShell 7.4 or later can). Nothing was written.");

        /// <summary>The .NET 7+ members that take a Unix mode at creation, bound once by reflection.</summary>
        private sealed class UnixCalls
        {
            private readonly Type _optionsType;
            private readonly ConstructorInfo _streamConstructor;
            private readonly MethodInfo _createDirectory;
            private readonly Type _modeType;

            private UnixCalls(Type optionsType, ConstructorInfo streamConstructor, MethodInfo createDirectory, Type modeType)
            {
                _optionsType = optionsType;
                _streamConstructor = streamConstructor;
                _createDirectory = createDirectory;
                _modeType = modeType;
            }

            public static UnixCalls? Find()
            {
                Assembly core = typeof(FileStream).Assembly;
                Type? modeType = core.GetType("System.IO.UnixFileMode", throwOnError: false);
                Type? optionsType = core.GetType("System.IO.FileStreamOptions", throwOnError: false);
                if (modeType == null || optionsType == null || optionsType.GetProperty("UnixCreateMode") == null)
                {
                    return null;
                }

                ConstructorInfo? constructor = typeof(FileStream).GetConstructor(new[] { typeof(string), optionsType });
                MethodInfo? createDirectory = typeof(Directory).GetMethod("CreateDirectory", new[] { typeof(string), modeType });
                return constructor == null || createDirectory == null ? null : new UnixCalls(optionsType, constructor, createDirectory, modeType);
            }

            public FileStream CreateNew(string path)
            {
                object options = Activator.CreateInstance(_optionsType)!;
                Set(options, "Mode", FileMode.CreateNew);
                Set(options, "Access", FileAccess.Write);
                Set(options, "Share", FileShare.None);
                Set(options, "UnixCreateMode", Enum.ToObject(_modeType, OwnerReadWrite));
                return (FileStream)Invoke(() => _streamConstructor.Invoke(new[] { path, options }));
            }

            /// <summary>One folder whose parent exists.</summary>
            public void CreateFolder(string path) =>
                Invoke(() => _createDirectory.Invoke(null, new[] { path, Enum.ToObject(_modeType, OwnerAll) }));

            private static void Set(object options, string property, object value) => options.GetType().GetProperty(property)!.SetValue(options, value);

            // The exception the call itself threw (IOException, UnauthorizedAccessException), not reflection's wrapper.
            private static object Invoke(Func<object> call)
            {
                try
                {
                    return call();
                }
                catch (TargetInvocationException e) when (e.InnerException != null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                    throw;
                }
            }
        }

        /// <summary>
        /// CreateFileW and CreateDirectoryW with a security descriptor that grants the current user alone full
        /// control and inherits nothing ("D:P(A;OICI;FA;;;&lt;user SID&gt;)"): the same calls on .NET Framework and
        /// .NET, where neither FileSecurity overload is in netstandard2.0.
        /// Written for Windows and not run on it yet (the tests here run on Linux).
        /// </summary>
        private static class Windows
        {
            private const uint GenericWrite = 0x40000000;
            private const uint CreateNewDisposition = 1;
            private const uint FileAttributeNormal = 0x80;
            private const int SddlRevision1 = 1;
            private const int ErrorAccessDenied = 5;
            private const int ErrorFileExists = 80;
            private const int ErrorAlreadyExists = 183;

            public static FileStream CreateNew(string path)
            {
                SafeFileHandle handle = WithOwnerOnlySecurity(path, (ref SecurityAttributes attributes) =>
                {
                    SafeFileHandle created = CreateFileW(path, GenericWrite, 0, ref attributes, CreateNewDisposition, FileAttributeNormal, IntPtr.Zero);
                    if (created.IsInvalid)
                    {
                        int error = Marshal.GetLastWin32Error();
                        created.Dispose();
                        throw Failure(path, error);
                    }

                    return created;
                });
                return new FileStream(handle, FileAccess.Write);
            }

            /// <summary>One folder whose parent exists.</summary>
            public static void CreateFolder(string path) =>
                WithOwnerOnlySecurity(path, (ref SecurityAttributes attributes) =>
                {
                    if (!CreateDirectoryW(path, ref attributes))
                    {
                        int error = Marshal.GetLastWin32Error();
                        if (error != ErrorAlreadyExists)
                        {
                            throw Failure(path, error);
                        }
                    }

                    return true;
                });

            private delegate T Create<T>(ref SecurityAttributes attributes);

            private static T WithOwnerOnlySecurity<T>(string path, Create<T> create)
            {
                string sddl = $"D:P(A;OICI;FA;;;{CurrentUserSid(path)})";
                if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SddlRevision1, out IntPtr descriptor, IntPtr.Zero))
                {
                    throw Failure(path, Marshal.GetLastWin32Error());
                }

                try
                {
                    var attributes = new SecurityAttributes
                    {
                        Length = Marshal.SizeOf(typeof(SecurityAttributes)),
                        SecurityDescriptor = descriptor,
                        InheritHandle = false,
                    };
                    return create(ref attributes);
                }
                finally
                {
                    LocalFree(descriptor);
                }
            }

            // WindowsIdentity lives in mscorlib on .NET Framework and in System.Security.Principal.Windows on .NET.
            private static string CurrentUserSid(string path)
            {
                Type? identity = Type.GetType("System.Security.Principal.WindowsIdentity", throwOnError: false)
                    ?? Type.GetType("System.Security.Principal.WindowsIdentity, System.Security.Principal.Windows", throwOnError: false);
                object? current = identity?.GetMethod("GetCurrent", Type.EmptyTypes)?.Invoke(null, null);
                object? sid = current?.GetType().GetProperty("User")?.GetValue(current);
                string? value = sid?.GetType().GetProperty("Value")?.GetValue(sid) as string;
                (current as IDisposable)?.Dispose();
                return value ?? throw new IOException($"Cannot create '{path}' readable by its owner only: the current user's SID is unknown. Nothing was written.");
            }

            private static Exception Failure(string path, int error)
            {
                string why = new Win32Exception(error).Message;
                return error == ErrorAccessDenied
                    ? new UnauthorizedAccessException($"Access to the path '{path}' is denied.")
                    : (Exception)new IOException(error == ErrorFileExists || error == ErrorAlreadyExists
                        ? $"The file '{path}' already exists."
                        : $"Cannot create '{path}' readable by its owner only: {why}");
            }

            [StructLayout(LayoutKind.Sequential)]
            private struct SecurityAttributes
            {
                public int Length;
                public IntPtr SecurityDescriptor;
                [MarshalAs(UnmanagedType.Bool)]
                public bool InheritHandle;
            }

            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            private static extern SafeFileHandle CreateFileW(string fileName, uint desiredAccess, uint shareMode, ref SecurityAttributes securityAttributes, uint creationDisposition, uint flagsAndAttributes, IntPtr templateFile);

            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            private static extern bool CreateDirectoryW(string pathName, ref SecurityAttributes securityAttributes);

            [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            private static extern bool ConvertStringSecurityDescriptorToSecurityDescriptorW(string stringSecurityDescriptor, int revision, out IntPtr securityDescriptor, IntPtr securityDescriptorSize);

            [DllImport("kernel32.dll")]
            private static extern IntPtr LocalFree(IntPtr memory);
        }
    }
}
