using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace Rostrvm.PowerShell.Infrastructure
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
        private static readonly string s_dependencyFolder =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location), "dependencies");
        private static readonly HashSet<string> s_dependencies = ListDependencies();
        private static readonly LoadContextProxy s_loadContext = LoadContextProxy.Create("Rostrvm");

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

        private static bool IsOurs(Assembly requester)
        {
            // .NET Framework may not say who asks; then the name alone decides.
            if (requester == null) return true;
            if (requester == typeof(ModuleInitializer).Assembly) return true;
            var location = string.IsNullOrEmpty(requester.Location) ? null : Path.GetDirectoryName(requester.Location);
            return location != null && string.Equals(Path.GetFullPath(location), Path.GetFullPath(s_dependencyFolder), StringComparison.OrdinalIgnoreCase);
        }

        private static Assembly Resolve(object sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            if (!s_dependencies.Contains(name.Name) || !IsOurs(args.RequestingAssembly)) return null;
            var path = Path.Combine(s_dependencyFolder, name.Name + ".dll");
            if (!File.Exists(path)) return null;
            return s_loadContext != null ? s_loadContext.LoadFromAssemblyPath(path) : Assembly.LoadFrom(path);
        }

        /// <summary>A private AssemblyLoadContext reached by reflection; null on .NET Framework.</summary>
        private sealed class LoadContextProxy
        {
            private readonly object _context;
            private readonly MethodInfo _loadFromAssemblyPath;

            private LoadContextProxy(Type type, string name)
            {
                _context = type.GetConstructor(new[] { typeof(string), typeof(bool) }).Invoke(new object[] { name, false });
                _loadFromAssemblyPath = type.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
                // Assemblies loaded into this context ask for their own dependencies here first.
                var resolving = type.GetEvent("Resolving");
                var handler = Delegate.CreateDelegate(resolving.EventHandlerType, this, typeof(LoadContextProxy).GetMethod(nameof(OnResolving), BindingFlags.NonPublic | BindingFlags.Instance));
                resolving.AddEventHandler(_context, handler);
            }

            public static LoadContextProxy Create(string name)
            {
                var type = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
                return type == null ? null : new LoadContextProxy(type, name);
            }

            public Assembly LoadFromAssemblyPath(string path) => (Assembly)_loadFromAssemblyPath.Invoke(_context, new object[] { path });

            private Assembly OnResolving(object context, AssemblyName name)
            {
                if (!s_dependencies.Contains(name.Name)) return null;
                var path = Path.Combine(s_dependencyFolder, name.Name + ".dll");
                return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
            }
        }
    }
}
