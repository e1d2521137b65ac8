using System.Collections.Generic;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Recordings;
using Xunit;

namespace Rostrvm.Tests.Unit.Recordings
{
    /// <summary>Set-RostrvmConfiguration -RecordingSource: the parts given are merged over the kind's settings; $null clears one.</summary>
    public class RecordingSourceMergeTests
    {
        private static RecordingSource Voice() => RecordingSource.Defaults()["Voice"];

        [Fact]
        public void Given_parts_replace_theirs_and_the_rest_stay()
        {
            var current = Voice();
            var merged = RecordingSourceCheck.Merge(current, new Dictionary<string, string?> { ["bodycolumn"] = "audio" });
            Assert.Equal("audio", merged.BodyColumn);
            Assert.Equal("voice_recordings", merged.Table);
            Assert.Equal("recorded_at", merged.TimeColumn);
            Assert.Equal("body", current.BodyColumn);
        }

        [Fact]
        public void A_part_given_as_null_is_cleared()
        {
            var merged = RecordingSourceCheck.Merge(Voice(),
                new Dictionary<string, string?> { ["CallTable"] = null, ["CallIdColumn"] = null });
            Assert.Null(merged.CallTable);
            Assert.Null(merged.CallIdColumn);
            Assert.Equal("id", merged.IdColumn);
        }

        [Fact]
        public void A_new_kind_needs_table_and_time_column_and_known_parts()
        {
            var merged = RecordingSourceCheck.Merge(null,
                new Dictionary<string, string?> { ["Table"] = "fax", ["TimeColumn"] = "sent_at" });
            Assert.Equal("fax", merged.Table);
            Assert.Equal("body", merged.BodyColumn);

            var noTime = Assert.Throws<RostrvmException>(() =>
                RecordingSourceCheck.Merge(Voice(), new Dictionary<string, string?> { ["TimeColumn"] = null }));
            Assert.Equal("RecordingSourceInvalid", noTime.ErrorId);
            var unknown = Assert.Throws<RostrvmException>(() =>
                RecordingSourceCheck.Merge(Voice(), new Dictionary<string, string?> { ["Colour"] = "red" }));
            Assert.Equal("RecordingSourceInvalid", unknown.ErrorId);
        }
    }
}
