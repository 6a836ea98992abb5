using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProductContentInGerman : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DescriptionDe",
                table: "ServiceModules",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameDe",
                table: "ServiceModules",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DescriptionDe",
                table: "Products",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameDe",
                table: "Products",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameDe",
                table: "PackSizes",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameDe",
                table: "Categories",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DescriptionDe",
                table: "ServiceModules");

            migrationBuilder.DropColumn(
                name: "NameDe",
                table: "ServiceModules");

            migrationBuilder.DropColumn(
                name: "DescriptionDe",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "NameDe",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "NameDe",
                table: "PackSizes");

            migrationBuilder.DropColumn(
                name: "NameDe",
                table: "Categories");
        }
    }
}
