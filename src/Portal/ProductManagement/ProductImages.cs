using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.ProductManagement;

/// Product pictures uploaded by product managers. They live under the data folder (the web root is not writable in
/// every deployment and is fingerprinted at build time) and are served to signed-in users by /media/products/{file}.
/// The type is decided from the file's first bytes, not from its name or the browser's content type.
public sealed class ProductImages(IOptions<PortalOptions> options, IWebHostEnvironment environment)
{
    public const long MaxBytes = 2 * 1024 * 1024;

    private static readonly Dictionary<string, string> ContentTypes = new()
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".webp"] = "image/webp",
    };

    public string Folder => Path.Combine(options.Value.ResolveDataPath(environment.ContentRootPath), "product-images");

    public sealed record Saved(string? File, string? Error);

    /// Checks and stores an upload; the error is a translation key. The old picture is removed by the caller once
    /// the product points at the new one.
    public async Task<Saved> SaveAsync(int productId, IFormFile upload, CancellationToken cancellationToken)
    {
        if (upload.Length == 0)
        {
            return new Saved(null, "The file is empty.");
        }

        if (upload.Length > MaxBytes)
        {
            return new Saved(null, "The picture is larger than 2 MB.");
        }

        var head = new byte[12];
        await using (var stream = upload.OpenReadStream())
        {
            await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        }

        var extension = ExtensionOf(head);
        if (extension is null)
        {
            return new Saved(null, "Please upload a JPEG, PNG or WebP picture.");
        }

        Directory.CreateDirectory(Folder);
        var name = $"{productId}-{Guid.NewGuid():N}{extension}";
        await using (var target = File.Create(Path.Combine(Folder, name)))
        {
            await upload.CopyToAsync(target, cancellationToken);
        }

        return new Saved(name, null);
    }

    public void Delete(string? file)
    {
        if (PathOf(file) is { } path)
        {
            File.Delete(path);
        }
    }

    /// The full path of a stored picture, only for names this class writes (no path tricks), or null.
    public string? PathOf(string? file)
    {
        if (string.IsNullOrEmpty(file) || file != Path.GetFileName(file) || !ContentTypes.ContainsKey(Path.GetExtension(file))
            || !file.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            return null;
        }

        var path = Path.Combine(Folder, file);
        return File.Exists(path) ? path : null;
    }

    public static string ContentTypeOf(string file) => ContentTypes[Path.GetExtension(file)];

    internal static string? ExtensionOf(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? ".png"
        : head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? ".jpg"
        : head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? ".webp"
        : null;
}
