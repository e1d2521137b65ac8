using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace Rostrvm.Loader
{
    /// <summary>
    /// Dependency isolation (the PSResourceGet pattern): Rostrvm.Core and every third-party
    /// assembly live in dependencies/, where PowerShell does not probe. When one of them is asked
    /// for, this handler answers, and only for its own assemblies requested by its own code:
    /// on PowerShell 7 into a private AssemblyLoadContext (created by reflection, since
    /// netstandard2.0 cannot name the type), on Windows PowerShell 5.1 with LoadFrom.
    /// Another module's MySqlConnector or System.Memory therefore cannot break this one.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string s_moduleFolder =
            Path.GetFullPath(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location));
        private static readonly string s_dependencyFolder = Path.Combine(s_moduleFolder, "dependencies");
        private static readonly HashSet<string> s_dependencies = ListDependencies();
        private static readonly LoadContextProxy? s_loadContext = LoadContextProxy.Create("Rostrvm");

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

        public void OnRemove(PSModuleInfo module) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static HashSet<string> ListDependencies()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (Directory.Exists(s_dependencyFolder))
                foreach (var file in Directory.EnumerateFiles(s_dependencyFolder, "*.dll"))
                    names.Add(Path.GetFileNameWithoutExtension(file));
            return names;
        }

        private static bool IsOurs(Assembly? requester)
        {
            // .NET Framework may not say who asks; then the name alone decides.
            if (requester == null) return true;
            string? location = string.IsNullOrEmpty(requester.Location)
                ? null
                : Path.GetFullPath(Path.GetDirectoryName(requester.Location));
            return location != null
                && (string.Equals(location, s_moduleFolder, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(location, s_dependencyFolder, StringComparison.OrdinalIgnoreCase));
        }

        private static Assembly? Resolve(object sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            if (!s_dependencies.Contains(name.Name) || !IsOurs(args.RequestingAssembly)) return null;
            var path = Path.Combine(s_dependencyFolder, name.Name + ".dll");
            if (!File.Exists(path)) return null;
            return s_loadContext != null ? s_loadContext.Load(name.Name) : Assembly.LoadFrom(path);
        }

        /// <summary>
        /// A private AssemblyLoadContext reached by reflection; null on .NET Framework.
        /// netstandard2.0 cannot subclass AssemblyLoadContext to override Load, and a plain context
        /// asks the default context before its own Resolving event, which would hand Rostrvm.Core
        /// another module's MySqlConnector. So on first use every dependency that the runtime does
        /// not itself provide (at our version or later) is loaded into this context up front: a
        /// context binds names to what it already holds before looking anywhere else.
        /// </summary>
        private sealed class LoadContextProxy
        {
            private readonly object _context;
            private readonly MethodInfo _loadFromAssemblyPath;
            private readonly Dictionary<string, Assembly> _loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
            private readonly object _gate = new object();
            private bool _preloaded;

            private LoadContextProxy(Type type, string name)
            {
                _context = type.GetConstructor(new[] { typeof(string), typeof(bool) }).Invoke(new object[] { name, false });
                _loadFromAssemblyPath = type.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
                var resolving = type.GetEvent("Resolving");
                var handler = Delegate.CreateDelegate(
                    resolving.EventHandlerType,
                    this,
                    typeof(LoadContextProxy).GetMethod(nameof(OnResolving), BindingFlags.NonPublic | BindingFlags.Instance));
                resolving.AddEventHandler(_context, handler);
            }

            public static LoadContextProxy? Create(string name)
            {
                var type = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
                return type == null ? null : new LoadContextProxy(type, name);
            }

            public Assembly Load(string simpleName)
            {
                lock (_gate)
                {
                    if (!_preloaded)
                    {
                        _preloaded = true;
                        var platform = PlatformAssemblyVersions();
                        foreach (var dependency in s_dependencies)
                        {
                            var file = Path.Combine(s_dependencyFolder, dependency + ".dll");
                            var ours = AssemblyName.GetAssemblyName(file).Version;
                            if (platform.TryGetValue(dependency, out var provided) && provided >= ours) continue;
                            LoadFile(dependency, file);
                        }
                    }
                    return _loaded.TryGetValue(simpleName, out var assembly)
                        ? assembly
                        : LoadFile(simpleName, Path.Combine(s_dependencyFolder, simpleName + ".dll"));
                }
            }

            private Assembly LoadFile(string simpleName, string path)
            {
                // .NET Core builds of a dependency (dependencies/netcore) win over the netstandard2.0 ones.
                var netcore = Path.Combine(Path.Combine(s_dependencyFolder, "netcore"), simpleName + ".dll");
                if (File.Exists(netcore)) path = netcore;
                var assembly = (Assembly)_loadFromAssemblyPath.Invoke(_context, new object[] { path });
                _loaded[simpleName] = assembly;
                return assembly;
            }

            /// <summary>The assemblies the runtime and PowerShell ship (the trusted platform assemblies).</summary>
            private static Dictionary<string, Version> PlatformAssemblyVersions()
            {
                var result = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
                if (!(AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list) || list.Length == 0) return result;
                foreach (var path in list.Split(Path.PathSeparator))
                {
                    var simple = Path.GetFileNameWithoutExtension(path);
                    if (!s_dependencies.Contains(simple)) continue;
                    try { result[simple] = AssemblyName.GetAssemblyName(path).Version; }
                    catch (BadImageFormatException) { }
                    catch (IOException) { }
                }
                return result;
            }

            private Assembly? OnResolving(object context, AssemblyName name) =>
                s_dependencies.Contains(name.Name) ? Load(name.Name) : null;
        }
    }
}
