"""The values core takes over the indicator and value models from `reporting` (issue 16).

Only Django's state moves: the tables keep their names and rows (each model's `db_table`), so
nothing is copied. The content types move too, so that the audit trail of an indicator and
its permissions stay attached to it.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ['disaggregation', 'disaggregationoption', 'indicator', 'datavalue', 'datavaluechange', 'aggregate', 'rollupancestor']


def content_types_move(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="reporting", model__in=MOVED).update(app_label="values")


def content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="values", model__in=MOVED).update(app_label="reporting")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("reporting", "0010_submission_first_submitted_at"),
        ("orgunits", "0002_event_verbose_names"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='Disaggregation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=40, unique=True, validators=[django.core.validators.RegexValidator('[A-Za-z_][A-Za-z0-9_]{0,39}\\Z', 'Mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới, bắt đầu bằng một chữ cái.')], verbose_name='mã')),
                ('name', models.CharField(max_length=200, verbose_name='tên')),
                ('name_en', models.CharField(blank=True, max_length=200, verbose_name='tên tiếng Anh')),
            ],
            options={
                'verbose_name': 'phân tổ',
                'verbose_name_plural': 'phân tổ',
                'db_table': 'reporting_disaggregation',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='DataValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('option', models.CharField(blank=True, default='', max_length=40, verbose_name='mục phân tổ')),
                ('period', models.CharField(max_length=17, verbose_name='kỳ')),
                ('period_start', models.DateField()),
                ('period_end', models.DateField()),
                ('value', models.DecimalField(blank=True, decimal_places=4, max_digits=24, null=True, verbose_name='giá trị')),
                ('text_value', models.TextField(blank=True, default='', verbose_name='nội dung')),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField()),
                ('updated_at', models.DateTimeField()),
                ('created_by', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('orgunit', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgunits.orgunit', verbose_name='đơn vị')),
                ('updated_by', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'số liệu',
                'verbose_name_plural': 'số liệu',
                'db_table': 'reporting_datavalue',
            },
        ),
        migrations.CreateModel(
            name='DataValueChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_value', models.TextField(blank=True, default='', verbose_name='giá trị cũ')),
                ('new_value', models.TextField(blank=True, default='', verbose_name='giá trị mới')),
                ('version', models.PositiveIntegerField()),
                ('source', models.CharField(choices=[('entry', 'Nhập trên biểu mẫu'), ('import', 'Nhập từ tệp'), ('api', 'API'), ('tracking', 'Báo cáo tiến độ nhiệm vụ')], max_length=10, verbose_name='nguồn')),
                ('changed_at', models.DateTimeField(verbose_name='lúc')),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('datavalue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='values.datavalue')),
            ],
            options={
                'verbose_name': 'lịch sử số liệu',
                'verbose_name_plural': 'lịch sử số liệu',
                'db_table': 'reporting_datavaluechange',
                'ordering': ['-changed_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=40, unique=True, validators=[django.core.validators.RegexValidator('[A-Za-z_][A-Za-z0-9_]{0,39}\\Z', 'Mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới, bắt đầu bằng một chữ cái.')], verbose_name='mã')),
                ('name', models.CharField(max_length=300, verbose_name='tên')),
                ('name_en', models.CharField(blank=True, max_length=300, verbose_name='tên tiếng Anh')),
                ('group', models.CharField(blank=True, max_length=120, verbose_name='lĩnh vực')),
                ('value_type', models.CharField(choices=[('count', 'Số đếm'), ('decimal', 'Số thập phân'), ('percent', 'Tỷ lệ %'), ('money', 'Tiền (đồng)'), ('yes_no', 'Có/Không'), ('text', 'Văn bản')], max_length=10, verbose_name='kiểu giá trị')),
                ('aggregation', models.CharField(choices=[('sum', 'Cộng'), ('average', 'Trung bình'), ('last', 'Giá trị cuối kỳ'), ('none', 'Không tổng hợp')], default='sum', max_length=10, verbose_name='cách tổng hợp')),
                ('unit_of_measure', models.CharField(blank=True, max_length=60, verbose_name='đơn vị tính')),
                ('formula', models.CharField(blank=True, max_length=1000, verbose_name='công thức')),
                ('minimum', models.DecimalField(blank=True, decimal_places=4, max_digits=24, null=True, verbose_name='giá trị nhỏ nhất')),
                ('maximum', models.DecimalField(blank=True, decimal_places=4, max_digits=24, null=True, verbose_name='giá trị lớn nhất')),
                ('description', models.TextField(blank=True, verbose_name='mô tả')),
                ('sort_order', models.PositiveIntegerField(default=100, verbose_name='thứ tự')),
                ('is_active', models.BooleanField(default=True, verbose_name='đang dùng')),
                ('disaggregation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='indicators', to='values.disaggregation', verbose_name='phân tổ')),
            ],
            options={
                'verbose_name': 'chỉ tiêu',
                'verbose_name_plural': 'chỉ tiêu',
                'db_table': 'reporting_indicator',
                'ordering': ['sort_order', 'code'],
            },
        ),
        migrations.AddField(
            model_name='datavalue',
            name='indicator',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='values', to='values.indicator', verbose_name='chỉ tiêu'),
        ),
        migrations.CreateModel(
            name='Aggregate',
            fields=[
                ('pk', models.CompositePrimaryKey('indicator', 'period', 'orgunit', 'option', blank=True, editable=False, primary_key=True, serialize=False)),
                ('period', models.CharField(max_length=17)),
                ('option', models.CharField(blank=True, default='', max_length=40)),
                ('total', models.BigIntegerField(default=0)),
                ('count', models.IntegerField(default=0)),
                ('orgunit', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgunits.orgunit')),
                ('indicator', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='values.indicator')),
            ],
            options={
                'db_table': 'reporting_aggregate',
            },
        ),
        migrations.CreateModel(
            name='RollupAncestor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('distance', models.PositiveSmallIntegerField()),
                ('ancestor', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgunits.orgunit')),
                ('unit', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgunits.orgunit')),
            ],
            options={
                'db_table': 'reporting_rollupancestor',
            },
        ),
        migrations.CreateModel(
            name='DisaggregationOption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=40, validators=[django.core.validators.RegexValidator('[A-Za-z_][A-Za-z0-9_]{0,39}\\Z', 'Mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới, bắt đầu bằng một chữ cái.')], verbose_name='mã')),
                ('name', models.CharField(max_length=200, verbose_name='tên')),
                ('name_en', models.CharField(blank=True, max_length=200, verbose_name='tên tiếng Anh')),
                ('sort_order', models.PositiveIntegerField(default=100, verbose_name='thứ tự')),
                ('disaggregation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='options', to='values.disaggregation')),
            ],
            options={
                'verbose_name': 'mục phân tổ',
                'verbose_name_plural': 'mục phân tổ',
                'db_table': 'reporting_disaggregationoption',
                'ordering': ['disaggregation', 'sort_order', 'code'],
                'constraints': [models.UniqueConstraint(fields=('disaggregation', 'code'), name='disaggregationoption_unique')],
            },
        ),
        migrations.AddConstraint(
            model_name='datavalue',
            constraint=models.UniqueConstraint(fields=('indicator', 'period', 'orgunit', 'option'), name='datavalue_unique'),
        ),
        migrations.AddIndex(
            model_name='rollupancestor',
            index=models.Index(fields=['ancestor', 'distance', 'unit'], name='rollupancestor_below'),
        ),
        migrations.AddConstraint(
            model_name='rollupancestor',
            constraint=models.UniqueConstraint(fields=('unit', 'ancestor'), name='rollupancestor_unique'),
        ),
    
            ],
        ),
        migrations.RunPython(content_types_move, content_types_back),
    ]
