using System;
using Rostrvm.Core.IO;
using Xunit;

namespace Rostrvm.Tests.Unit.IO
{
    public class FileAclSddlTests
    {
        private const string Admin = "S-1-5-21-1004336348-1177238915-682003330-1001";
        private const string TaskAccount = "S-1-5-21-1004336348-1177238915-682003330-1107";

        [Fact]
        public void A_file_gets_full_control_for_the_user_SYSTEM_and_Administrators_only_with_inheritance_off()
        {
            Assert.Equal($"D:P(A;;FA;;;{Admin})(A;;FA;;;SY)(A;;FA;;;BA)", FileAclSddl.For(FileObjectKind.File, new[] { Admin }));
        }

        [Fact]
        public void A_folder_passes_the_same_entries_to_what_is_created_in_it()
        {
            Assert.Equal($"D:P(A;OICI;FA;;;{Admin})(A;OICI;FA;;;{TaskAccount})(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)",
                FileAclSddl.For(FileObjectKind.Folder, new[] { Admin, TaskAccount }));
        }

        [Fact]
        public void An_account_named_twice_or_SYSTEM_itself_gets_one_entry()
        {
            Assert.Equal("D:P(A;;FA;;;SY)(A;;FA;;;BA)", FileAclSddl.For(FileObjectKind.File, new[] { FileAclSddl.SystemSid }));
            Assert.Equal($"D:P(A;;FA;;;{Admin})(A;;FA;;;SY)(A;;FA;;;BA)", FileAclSddl.For(FileObjectKind.File, new[] { Admin, Admin }));
        }

        [Fact]
        public void An_account_name_instead_of_a_SID_is_refused()
        {
            Assert.Throws<ArgumentException>(() => FileAclSddl.For(FileObjectKind.File, new[] { @"ROSTRVM\svc-maint" }));
            Assert.Throws<ArgumentException>(() => FileAclSddl.For(FileObjectKind.File, new[] { "S-1-5-21-1;(A;;FA;;;WD)" }));
        }

        [Fact]
        public void What_the_module_writes_has_no_other_readers()
        {
            var sddl = "O:" + Admin + FileAclSddl.For(FileObjectKind.File, new[] { Admin, TaskAccount });
            Assert.Empty(FileAclSddl.OtherReaders(sddl, new[] { TaskAccount }));
            Assert.Equal(new[] { TaskAccount }, FileAclSddl.OtherReaders(sddl, new string[0]));
        }

        [Fact]
        public void A_file_that_inherited_Users_read_access_names_Users()
        {
            // As Windows reports a file created in C:\rostrvm under the default ACL of a drive's root folder.
            var sddl = $"O:{Admin}D:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;0x1200a9;;;BU)(A;ID;0x1301bf;;;AU)(A;ID;FA;;;{Admin})";
            Assert.Equal(new[] { "S-1-5-32-545", "S-1-5-11" }, FileAclSddl.OtherReaders(sddl, new string[0]));
        }

        [Fact]
        public void Everyone_with_generic_read_or_a_named_account_with_FR_is_a_reader()
        {
            Assert.Equal(new[] { "S-1-1-0" }, FileAclSddl.OtherReaders($"O:{Admin}D:P(A;;GR;;;WD)(A;;FA;;;{Admin})", new string[0]));
            Assert.Equal(new[] { TaskAccount }, FileAclSddl.OtherReaders($"O:{Admin}D:P(A;;FR;;;{TaskAccount})", new string[0]));
        }

        [Fact]
        public void The_account_the_jobs_run_as_may_read_when_it_is_allowed()
        {
            Assert.Empty(FileAclSddl.OtherReaders($"O:{Admin}D:P(A;;FR;;;{TaskAccount})", new[] { TaskAccount }));
        }

        [Fact]
        public void Deny_entries_write_only_rights_and_inherit_only_entries_do_not_count()
        {
            var sddl = $"O:{Admin}D:P(D;;FA;;;WD)(A;;0x2;;;BU)(A;OICIIO;FA;;;CO)(A;;FA;;;{Admin})";
            Assert.Empty(FileAclSddl.OtherReaders(sddl, new string[0]));
        }

        [Fact]
        public void No_access_list_at_all_lets_everyone_read()
        {
            Assert.Equal(new[] { "S-1-1-0" }, FileAclSddl.OtherReaders($"O:{Admin}D:NO_ACCESS_CONTROL", new string[0]));
            Assert.Equal(new[] { "S-1-1-0" }, FileAclSddl.OtherReaders($"O:{Admin}", new string[0]));
        }
    }
}
