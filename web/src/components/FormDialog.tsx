import { Form, type FormInstance, Modal } from 'antd';
import type { ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert';

/**
 * A form in a dialog, as every page that adds or changes a record has it: the form's fields under the API's
 * refusal (its zh-CN title and detail, ProblemAlert), 保存 (or `okText`) submitting the form and spinning while
 * `saving`, 取消 closing it, the fields forgotten once closed.
 */
export function FormDialog<T extends object>({
  title,
  name,
  form,
  saving,
  error,
  onSave,
  onClose,
  okText = '保存',
  danger = false,
  width,
  initialValues,
  onValuesChange,
  intro,
  children,
}: {
  title: ReactNode;
  /** The form's name (the ids of its fields, which the browser tests find them by). */
  name: string;
  form: FormInstance<T>;
  saving: boolean;
  error: unknown;
  onSave: (values: T) => void;
  onClose: () => void;
  okText?: string;
  /** The button does something that cannot be undone (作废): shown in red. */
  danger?: boolean;
  width?: number;
  initialValues?: Partial<T>;
  /** A field's change that sets another (a case chosen puts its person among those served). */
  onValuesChange?: (changed: Partial<T>) => void;
  /** What the dialog says above the fields. */
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText="取消"
      confirmLoading={saving}
      {...(danger ? { okButtonProps: { danger: true } } : {})}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      {...(width ? { width } : {})}
    >
      <ProblemAlert error={error} />
      {intro}
      <Form
        form={form}
        name={name}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={onValuesChange}
        onFinish={onSave}
      >
        {children}
      </Form>
    </Modal>
  );
}
