using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace RECertificates.Renewal
{
    /// <summary>
    /// Makes a file readable by its owner alone (Unix mode 600; on Windows an ACL for the current user only),
    /// for private keys. Called on an empty file before the key is written into it, so the key is never readable
    /// by anyone else, not even for a moment. netstandard2.0 has neither File.SetUnixFileMode (.NET 7+) nor
    /// file ACLs, so the method is found at run time where .NET has it, and the system's own tools do it elsewhere.
    /// </summary>
    internal static class OwnerOnlyFile
    {
        // UnixFileMode.UserRead | UnixFileMode.UserWrite (octal 600).
        private const int OwnerReadWrite = 0x180;

        private static readonly Lazy<MethodInfo?> SetUnixFileMode = new Lazy<MethodInfo?>(FindSetUnixFileMode);

        /// <exception cref="IOException">The permissions could not be set; the caller must not write the key.</exception>
        public static void Restrict(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // Removes the inherited entries and grants the current user alone full control.
                Execute("icacls", $"\"{path}\" /inheritance:r /grant:r \"{Environment.UserDomainName}\\{Environment.UserName}:F\"", path);
                return;
            }

            MethodInfo? method = SetUnixFileMode.Value;
            if (method == null)
            {
                Execute("chmod", $"600 \"{path}\"", path);
                return;
            }

            Type modeType = method.GetParameters()[1].ParameterType;
            try
            {
                method.Invoke(null, new[] { path, Enum.ToObject(modeType, OwnerReadWrite) });
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw new IOException($"Could not make '{path}' readable by its owner only: {e.InnerException.Message}", e.InnerException);
            }
        }

        private static MethodInfo? FindSetUnixFileMode()
        {
            Type? modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode", throwOnError: false);
            return modeType == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), modeType });
        }

        private static void Execute(string tool, string arguments, string path)
        {
            var start = new ProcessStartInfo(tool, arguments)
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            try
            {
                using (Process process = Process.Start(start)!)
                {
                    string error = process.StandardError.ReadToEnd();
                    process.StandardOutput.ReadToEnd();
                    process.WaitForExit();
                    if (process.ExitCode != 0)
                    {
                        throw new IOException($"Could not make '{path}' readable by its owner only: {tool} failed ({error.Trim()}).");
                    }
                }
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new IOException($"Could not make '{path}' readable by its owner only: {tool} could not be run ({e.Message}).", e);
            }
        }
    }
}
