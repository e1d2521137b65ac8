using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Rostrvm.Core.Maintenance.Schedulers
{
    /// <summary>
    /// A scheduler whose tasks are files in a folder (systemd units, the cron file, task XML):
    /// registering writes them atomically and removes the files of tasks the settings no longer ask for.
    /// </summary>
    public abstract class FileScheduler : IMaintenanceScheduler
    {
        protected FileScheduler(string name, string directory)
        {
            Name = name;
            Directory = directory;
        }

        public string Name { get; }

        /// <summary>The folder of the files.</summary>
        public string Directory { get; }

        public string Location => $"{Name} files in {Directory}";

        public IReadOnlyList<MaintenanceTask> Read() =>
            MaintenanceTaskFiles.Read(Name, Directory).Select(p => Describe(p.Key, StateOf(p.Key), p.Value)).ToList();

        public IReadOnlyList<MaintenanceTask> Register(IReadOnlyList<MaintenanceTaskDefinition> tasks, SchedulerActions actions)
        {
            var files = MaintenanceTaskFiles.Plan(Name, tasks, Directory, actions.WithPassword);
            // Files of a task the settings no longer ask for (the recording archive back at the nightly time) go.
            var stale = MaintenanceTaskFiles.Read(Name, Directory).Where(p => tasks.All(t => t.Name != p.Key.Name)).ToList();
            var written = 0;
            foreach (var file in files)
            {
                if (!actions.ShouldProcess(file.Path, "Write scheduler file")) continue;
                MaintenanceTaskFiles.Write(file);
                written++;
            }
            foreach (var path in stale.SelectMany(p => p.Value).Where(p => files.All(f => f.Path != p)).Distinct())
            {
                if (!actions.ShouldProcess(path, "Remove scheduler file of a task no longer configured")) continue;
                BeforeRemoving(path);
                File.Delete(path);
            }
            if (written == 0) return new MaintenanceTask[0];
            var state = AfterWriting(tasks, actions);
            return tasks.Select(t => Describe(t, state, files.Where(f => BelongsTo(f.Path, t)).Select(f => f.Path).ToArray())).ToList();
        }

        public virtual void Unregister(IReadOnlyList<MaintenanceTask> tasks, SchedulerActions actions)
        {
            foreach (var task in tasks)
            {
                if (!actions.ShouldProcess(task.TaskName, "Remove " + string.Join(", ", task.Files))) continue;
                BeforeRemoving(task);
                foreach (var file in task.Files) File.Delete(file);
            }
        }

        /// <summary>The state of a task read from its files.</summary>
        protected virtual string StateOf(MaintenanceTaskDefinition task) => "Written";

        /// <summary>Once the files are written: tell the scheduler, or warn that nothing will start them; returns the tasks'
        /// state.</summary>
        protected abstract string AfterWriting(IReadOnlyList<MaintenanceTaskDefinition> tasks, SchedulerActions actions);

        /// <summary>Before a stale file is deleted.</summary>
        protected virtual void BeforeRemoving(string path) { }

        /// <summary>Before the files of an unregistered task are deleted.</summary>
        protected virtual void BeforeRemoving(MaintenanceTask task) { }

        protected virtual bool BelongsTo(string path, MaintenanceTaskDefinition task)
        {
            var name = Path.GetFileName(path);
            return name.StartsWith(task.UnitName + ".", StringComparison.Ordinal) || name == task.TaskName + ".xml";
        }

        protected MaintenanceTask Describe(MaintenanceTaskDefinition definition, string state, string[] files)
        {
            var task = MaintenanceTask.From(definition, Name, state, files);
            task.Path = Directory;
            return task;
        }
    }
}
