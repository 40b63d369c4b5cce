// A button that asks first: an alert dialog with the consequence, Cancel and
// the confirming action (react-aria's modal: focus moves in, Escape cancels).
import type { ReactNode } from 'react';
import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Button } from './bits.tsx';

export function ConfirmButton(props: {
  label: string;
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  isDisabled?: boolean;
  variant?: 'primary' | 'secondary' | 'danger';
  children: ReactNode;
}) {
  return (
    <DialogTrigger>
      <Button variant={props.variant ?? 'danger'} isDisabled={props.isDisabled ?? false}>
        {props.label}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog" role="alertdialog">
            {({ close }) => (
              <>
                <Heading slot="title">{props.title}</Heading>
                {props.children}
                <div className="actions">
                  <Button onPress={close}>Cancel</Button>
                  <Button
                    variant="danger"
                    onPress={() => {
                      props.onConfirm();
                      close();
                    }}
                  >
                    {props.confirmLabel}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
