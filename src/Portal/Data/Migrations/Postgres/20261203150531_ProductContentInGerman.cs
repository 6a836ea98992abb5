using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Postgres
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
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameDe",
                table: "ServiceModules",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "SearchText",
                table: "Products",
                type: "character varying(10000)",
                maxLength: 10000,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(6000)",
                oldMaxLength: 6000);

            migrationBuilder.AddColumn<string>(
                name: "DescriptionDe",
                table: "Products",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameDe",
                table: "Products",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameDe",
                table: "PackSizes",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameDe",
                table: "Categories",
                type: "character varying(100)",
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

            migrationBuilder.AlterColumn<string>(
                name: "SearchText",
                table: "Products",
                type: "character varying(6000)",
                maxLength: 6000,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(10000)",
                oldMaxLength: 10000);
        }
    }
}
