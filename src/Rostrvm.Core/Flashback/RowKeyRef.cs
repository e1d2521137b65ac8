namespace Rostrvm.Core.Flashback
{
    /// <summary>
    /// Where a row key's text comes from when a hash has to be confirmed: given (a later
    /// transaction's row, read anyway), or read again from a row of the undo (its current image's
    /// key, or its before-image's), so the text is not kept for every row.
    /// </summary>
    public readonly struct RowKeyRef
    {
        private readonly object? _source; // the row, or the text itself
        private readonly bool _restoreImage;

        private RowKeyRef(object source, bool restoreImage)
        {
            _source = source;
            _restoreImage = restoreImage;
        }

        /// <summary>The key of <paramref name="row"/>: <see cref="RowInverse.Key"/>, or with <paramref name="restoreImage"/> the
        /// key of the image the undo puts back.</summary>
        public static RowKeyRef Of(RowInverse row, bool restoreImage) => new RowKeyRef(row, restoreImage);

        public static RowKeyRef Of(string text) => new RowKeyRef(text, false);

        public string? Text => _source is RowInverse row ? _restoreImage ? row.RestoreKey : row.Key : _source as string;
    }
}
